"""Write tests/fixtures/torch_reference.json: PyTorch's own results for small
LSTM, GRU and gradient-clipping cases, so the project's tests can check our
reference solutions against code we did not write without needing PyTorch.

    python -m venv /tmp/tv && /tmp/tv/bin/pip install torch numpy
    /tmp/tv/bin/python tools/make_torch_fixtures.py

PyTorch is used only here, once; neither the package nor its tests import it.

What is mapped, and why:
- LSTMCell stacks its gates as i, f, g, o; the course's lstm reads a, i, f, o
  (a is PyTorch's g).  The rows of weight_ih, weight_hh and the summed biases
  are reordered into the course's layout.
- GRUCell computes z and mixes h' = (1 - z) * n + z * h; the course's z is
  PyTorch's 1 - z, and sigmoid(-s) = 1 - sigmoid(s), so the course's W_z, U_z
  are PyTorch's rows negated.  PyTorch resets after the product,
  n = tanh(W_in x + r * (W_hn h)); the course resets before it,
  h_bar = tanh(W x + U (r * h)).  The two agree only when U = W_hn is diagonal,
  so the cases here use a diagonal W_hn, and the biases are zero (the course's
  GRU has none).
- clip_grad_norm_ scales by max_norm / (norm + 1e-6) when that is below 1; the
  course's rule divides by the norm itself, so the two differ by a relative
  1e-6 / norm, which the tests allow.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "torch_reference.json"


def _list(t) -> list:
    return t.detach().double().numpy().tolist()


def lstm_cases(gen: torch.Generator) -> list:
    cases = []
    for N, D, H in [(1, 1, 1), (2, 3, 4), (3, 5, 2), (4, 2, 6)]:
        cell = torch.nn.LSTMCell(D, H).double()
        with torch.no_grad():
            for p in cell.parameters():
                p.copy_(torch.randn(p.shape, generator=gen, dtype=torch.float64))
        x = torch.randn(N, D, generator=gen, dtype=torch.float64)
        h = torch.randn(N, H, generator=gen, dtype=torch.float64)
        c = torch.randn(N, H, generator=gen, dtype=torch.float64)
        h_new, c_new = cell(x, (h, c))
        i, f, g, o = (slice(k * H, (k + 1) * H) for k in range(4))
        order = [g, i, f, o]                       # the course's a, i, f, o
        b = cell.bias_ih + cell.bias_hh
        cases.append({
            "x": _list(x), "prev_h": _list(h), "prev_c": _list(c),
            "W": _list(torch.cat([cell.weight_ih[s] for s in order])),
            "U": _list(torch.cat([cell.weight_hh[s] for s in order])),
            "b": _list(torch.cat([b[s] for s in order])),
            "c": _list(c_new), "h": _list(h_new),
        })
    return cases


def gru_cases(gen: torch.Generator) -> list:
    cases = []
    for N, D, H in [(1, 1, 1), (2, 3, 4), (3, 5, 2), (4, 2, 6)]:
        cell = torch.nn.GRUCell(D, H).double()
        r, z, n = (slice(k * H, (k + 1) * H) for k in range(3))
        with torch.no_grad():
            cell.weight_ih.copy_(torch.randn(3 * H, D, generator=gen, dtype=torch.float64))
            w_hh = torch.randn(3 * H, H, generator=gen, dtype=torch.float64)
            w_hh[n] = torch.diag(torch.randn(H, generator=gen, dtype=torch.float64))  # diagonal U
            cell.weight_hh.copy_(w_hh)
            cell.bias_ih.zero_()
            cell.bias_hh.zero_()
        x = torch.randn(N, D, generator=gen, dtype=torch.float64)
        h = torch.randn(N, H, generator=gen, dtype=torch.float64)
        h_new = cell(x, h)
        cases.append({
            "x": _list(x), "h": _list(h),
            "W_r": _list(cell.weight_ih[r]), "U_r": _list(cell.weight_hh[r]),
            "W_z": _list(-cell.weight_ih[z]), "U_z": _list(-cell.weight_hh[z]),
            "W": _list(cell.weight_ih[n]), "U": _list(cell.weight_hh[n]),
            "h_new": _list(h_new),
        })
    return cases


def clipping_cases(gen: torch.Generator) -> list:
    cases = []
    for shape, threshold in [((5,), 1.0), ((3, 4), 0.5), ((2, 3, 2), 100.0), ((4,), 2.0), ((6,), 1.0)]:
        grad = torch.randn(shape, generator=gen, dtype=torch.float64) * 3
        if shape == (6,):
            grad.zero_()                            # a zero gradient stays zero
        param = torch.zeros(shape, dtype=torch.float64, requires_grad=True)
        param.grad = grad.clone()
        torch.nn.utils.clip_grad_norm_([param], max_norm=threshold)
        cases.append({"grad": _list(grad), "threshold": threshold, "clipped": _list(param.grad)})
    return cases


def main() -> None:
    gen = torch.Generator().manual_seed(2026)
    data = {
        "made_with": f"torch {torch.__version__}, numpy {np.__version__}",
        "lstm": lstm_cases(gen),
        "gru": gru_cases(gen),
        "gradient_clipping": clipping_cases(gen),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
