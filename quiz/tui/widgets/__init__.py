"""Small widgets: charts and the graded answer."""
