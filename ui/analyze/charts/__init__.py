"""analyze.charts."""
