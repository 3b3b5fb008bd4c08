"""Hands-on labs: small trainings a learner runs and varies (Rabbit Challenge Day 3)."""
