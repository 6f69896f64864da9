"""The pages: `learner.py` for learners, `trainer.py` for trainers."""
