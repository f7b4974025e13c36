"""One module per workbook: the one-line calls its notebook makes."""
