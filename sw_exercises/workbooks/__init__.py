"""One module per workbook: the one-line calls its notebook makes.

Importing this package is the first cell of these workbooks, so it also shows the kernel watch
(:mod:`sw_exercises.widgets.watch`): a Dutch message when the kernel dies or cannot be reached.
"""
from ..widgets.watch import show_kernel_watch

show_kernel_watch()
