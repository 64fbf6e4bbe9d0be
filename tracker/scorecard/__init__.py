"""The scorecard: one self-contained HTML page (or Markdown) of a database.

``report`` gathers the figures through ``tracker.queries`` and renders
``templates/``; ``charts`` draws its SVG charts with no dependencies.
"""
