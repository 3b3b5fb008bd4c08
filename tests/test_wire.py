"""The plain-data wire format: round trips, and refusal of everything else."""
import base64
import io


import numpy as np
import pytest

from grader import wire


def test_round_trip_of_plain_data():
    value = {"tree": {"left": np.arange(3.0), "right": {"left": np.ones(2), "right": np.zeros(2)}},
             "pair": (np.eye(2), [1, 2.5, None, "s", True]), "mask": np.array([True, False]),
             "ids": np.array([3, 1], dtype=np.int64), "scalar": np.float64(0.25), "nan": float("nan"),
             "zero_d": np.array(2.0), "empty": np.zeros((0, 3))}
    back = wire.copy_plain(value)
    assert isinstance(back["pair"], tuple) and isinstance(back["pair"][1], list)
    assert back["ids"].dtype == np.int64 and back["mask"].dtype == bool
    assert back["zero_d"].shape == () and isinstance(back["scalar"], np.float64)
    np.testing.assert_array_equal(back["tree"]["right"]["left"], np.ones(2))
    assert np.isnan(back["nan"]) and back["empty"].shape == (0, 3)


def test_copies_are_independent_and_contiguous():
    a = np.arange(6.0).reshape(2, 3)
    b = wire.copy_plain(a.T)
    a[0, 0] = 99
    np.testing.assert_array_equal(b, np.arange(6.0).reshape(2, 3).T)


@pytest.mark.parametrize("value", [object(), np.array(["a"]), np.array([1 + 2j]),
                                   np.array([object()], dtype=object), {1: 2}, lambda: 0, {1, 2}])
def test_refuses_what_is_not_plain_data(value):
    with pytest.raises(wire.WireError):
        wire.encode(value)


@pytest.mark.parametrize("data", [
    {"__nd__": ["|O8", [1], ""]},                      # object dtype
    {"__nd__": ["<f8", [2], base64.b64encode(b"x" * 8).decode()]},  # size mismatch
    {"__nd__": ["<f8", [-1], ""]},
    {"__pickle__": "gASV"},
    {"a": 1, "b": 2},
    {"__float__": "1e999"},
])
def test_decode_accepts_only_its_own_forms(data):
    with pytest.raises(wire.WireError):
        wire.decode(data)


def test_message_framing_and_limit():
    stream = io.BytesIO()
    wire.write_message(stream, {"id": 1, "value": [1, 2]})
    stream.seek(0)
    assert wire.read_message(stream, 1000) == {"id": 1, "value": [1, 2]}
    assert wire.read_message(stream, 1000) is None
    stream = io.BytesIO()
    wire.write_message(stream, {"big": "x" * 100})
    stream.seek(0)
    with pytest.raises(wire.WireError):
        wire.read_message(stream, 50)
    stream = io.BytesIO(len(b"[1]").to_bytes(4, "big") + b"[1]")
    with pytest.raises(wire.WireError):
        wire.read_message(stream, 50)
