"""Models: pure data and scoring. No widgets, no storage."""
