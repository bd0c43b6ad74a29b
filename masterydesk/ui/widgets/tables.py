"""The read-only table every list of records uses: whole rows, one at a time, no editing in place."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QTableView


def row_table(model: QAbstractItemModel) -> QTableView:
    """A table of model that selects one whole row at a time, edits nothing in place, numbers no rows."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    return view


def keep_rows_in_view(view: QTableView, rows: int) -> None:
    """Never let a splitter or a small window shrink the table below its header and this many rows."""
    frame = 2 * view.frameWidth()
    header = view.horizontalHeader().sizeHint().height()
    view.setMinimumHeight(frame + header + rows * view.verticalHeader().defaultSectionSize())
