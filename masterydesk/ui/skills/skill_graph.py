"""The skill map drawing: skills laid out after their prerequisites, arrows between, tier colours."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF, QWheelEvent
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)

from masterydesk.domain.records import Category, Tier

NODE_WIDTH, NODE_HEIGHT = 190, 46
COLUMN_GAP, ROW_GAP, GROUP_GAP = 90, 16, 34
CATEGORY_ORDER = (Category.TECHNICAL, Category.SOCIAL, Category.STRATEGIC)
TIER_COLOURS = {
    Tier.NONE: QColor("#ffffff"),  # drawn with a dashed border: nothing logged yet
    Tier.FOUNDATION: QColor("#cfd8dc"),
    Tier.APPLIED: QColor("#ffd166"),
    Tier.MASTERY: QColor("#63c38a"),
}
CATEGORY_EDGE = {
    Category.TECHNICAL: QColor("#1f6feb"),
    Category.SOCIAL: QColor("#b5179e"),
    Category.STRATEGIC: QColor("#e36209"),
}
SKILL_ID_KEY = 0


def depths(prerequisites: dict[str, Sequence[str]]) -> dict[str, int]:
    """Each skill's column: one after its deepest prerequisite (roots in column 0)."""
    found: dict[str, int] = {}

    def depth(skill_id: str, trail: frozenset[str]) -> int:
        if skill_id in found:
            return found[skill_id]
        parents = [p for p in prerequisites.get(skill_id, ()) if p in prerequisites and p not in trail]
        value = 1 + max((depth(p, trail | {skill_id}) for p in parents), default=-1)
        found[skill_id] = value
        return value

    for skill_id in prerequisites:
        depth(skill_id, frozenset())
    return found


def layout_positions(nodes: Sequence[tuple[str, str, Category, Sequence[str]]]) -> dict[str, QPointF]:
    """Top-left corner of each node: columns by depth, grouped by category, then by name."""
    column_of = depths({skill_id: prereqs for skill_id, _name, _cat, prereqs in nodes})
    columns: dict[int, list[tuple[int, str, str]]] = {}
    for skill_id, name, category, _prereqs in nodes:
        columns.setdefault(column_of[skill_id], []).append((CATEGORY_ORDER.index(category), name.lower(), skill_id))
    positions = {}
    for column, members in columns.items():
        y, previous_group = 0.0, None
        for group, _name, skill_id in sorted(members):
            if previous_group is not None and group != previous_group:
                y += GROUP_GAP
            positions[skill_id] = QPointF(column * (NODE_WIDTH + COLUMN_GAP), y)
            y += NODE_HEIGHT + ROW_GAP
            previous_group = group
    return positions


class SkillNode(QGraphicsPathItem):
    """A rounded box with the skill's name, filled with its tier's colour."""

    def __init__(self, skill_id: str, name: str, tier: Tier, category: Category, archived: bool) -> None:
        path = QPainterPath()
        path.addRoundedRect(QRectF(0, 0, NODE_WIDTH, NODE_HEIGHT), 10, 10)
        super().__init__(path)
        self.setData(SKILL_ID_KEY, skill_id)
        self.tier = tier
        colour = QColor(TIER_COLOURS[tier])
        if archived:
            colour.setAlpha(110)
        self.setBrush(QBrush(colour))
        pen = QPen(CATEGORY_EDGE[category], 2)
        if tier is Tier.NONE:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.setPen(pen)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"{name}\n{tier.label} · {category.value}")
        label = QGraphicsSimpleTextItem(_elided(name), self)  # simple text items never read markup
        label.setBrush(QBrush(QColor("#111111")))
        box = label.boundingRect()
        label.setPos((NODE_WIDTH - box.width()) / 2, 6)
        tier_label = QGraphicsSimpleTextItem(tier.label + (" · archived" if archived else ""), self)
        tier_label.setBrush(QBrush(QColor("#263238")))  # 6 : 1 or more on every tier fill
        font = tier_label.font()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        tier_label.setFont(font)
        tier_box = tier_label.boundingRect()
        tier_label.setPos((NODE_WIDTH - tier_box.width()) / 2, NODE_HEIGHT - tier_box.height() - 5)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self.isSelected():
            painter.setPen(QPen(QColor("#000000"), 3))
            painter.setBrush(self.brush())
            painter.drawPath(self.path())
            return
        super().paint(painter, option, widget)


def _elided(name: str, limit: int = 26) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def arrow_path(start: QPointF, end: QPointF) -> QPainterPath:
    """A curve from a prerequisite's right edge to a skill's left edge, with an arrowhead."""
    path = QPainterPath(start)
    bend = max(40.0, (end.x() - start.x()) / 2)
    path.cubicTo(QPointF(start.x() + bend, start.y()), QPointF(end.x() - bend, end.y()), end)
    # The curve arrives horizontally, so the head points right.
    path.addPolygon(QPolygonF([end, QPointF(end.x() - 10, end.y() - 5), QPointF(end.x() - 10, end.y() + 5), end]))
    return path


class SkillMapScene(QGraphicsScene):
    """Nodes and arrows for a set of skills; emits the selected skill's id."""

    sig_skill_selected = Signal(object)  # skill id or None

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.nodes: dict[str, SkillNode] = {}
        self.selectionChanged.connect(self._on_selection_changed)

    def show_skills(self, skills: Sequence[tuple[str, str, Category, Sequence[str], Tier, bool]]) -> None:
        """(id, name, category, prerequisites, tier, archived) for each skill to draw."""
        self.blockSignals(True)
        self.clear()
        self.nodes = {}
        shown = {s[0] for s in skills}
        positions = layout_positions([(s[0], s[1], s[2], [p for p in s[3] if p in shown]) for s in skills])
        for skill_id, name, category, _prereqs, tier, archived in skills:
            node = SkillNode(skill_id, name, tier, category, archived)
            node.setPos(positions[skill_id])
            node.setZValue(1)
            self.addItem(node)
            self.nodes[skill_id] = node
        pen = QPen(QColor("#78909c"), 1.6)
        for skill_id, _name, _category, prereqs, _tier, _archived in skills:
            for prerequisite in prereqs:
                if prerequisite in self.nodes:
                    start = positions[prerequisite] + QPointF(NODE_WIDTH, NODE_HEIGHT / 2)
                    end = positions[skill_id] + QPointF(0, NODE_HEIGHT / 2)
                    arrow = self.addPath(arrow_path(start, end), pen)
                    arrow.setZValue(0)
        self.setSceneRect(self.itemsBoundingRect().adjusted(-30, -30, 30, 30))
        self.blockSignals(False)

    def select_skill(self, skill_id: str) -> None:
        self.clearSelection()
        node = self.nodes.get(skill_id)
        if node is not None:
            node.setSelected(True)

    def selected_skill(self) -> str | None:
        for item in self.selectedItems():
            return item.data(SKILL_ID_KEY)
        return None

    def _on_selection_changed(self) -> None:
        self.sig_skill_selected.emit(self.selected_skill())


class SkillMapView(QGraphicsView):
    """Zoom with the wheel or the buttons; drag the background to pan."""

    def __init__(self, scene: SkillMapScene, parent=None) -> None:
        super().__init__(scene, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setAccessibleName("Skill map")

    def zoom(self, factor: float) -> None:
        scale = self.transform().m11() * factor
        if 0.2 <= scale <= 4:
            self.scale(factor, factor)

    def zoom_to_fit(self) -> None:
        self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        if self.transform().m11() > 1:
            self.resetTransform()

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.zoom(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)
