"""Auto-graded deep-learning exercises and quizzes (Rabbit Challenge, ゼロから作るDeep Learning)."""

__version__ = "0.1.0"
