"""Check modules, one per exercise: the pytest tasks that grade it."""
