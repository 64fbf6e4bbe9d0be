"""The statements and their reviewed annotations, shipped as ``tracker.seeds``."""
