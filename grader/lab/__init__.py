"""Hands-on labs: small trainings a learner runs and varies (Rabbit Challenge Day 3).

The names here are what the lab's command line offers; they import nothing, so
`grade` starts without NumPy (the worker of `grade exercise` starts first).
"""

ACTIVATIONS = ("sigmoid", "tanh", "relu")
INITS = ("normal", "xavier", "he")
# the learner's own functions the lab can train with, per exercise file
FUNCTIONS = {"activations": ("sigmoid", "d_sigmoid", "d_tanh", "relu", "d_relu"), "rnn": ("rnn_forward",)}
