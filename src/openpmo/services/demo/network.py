"""A project's WBS and precedence network, generated and scheduled in working days.

Scheduling convention (what the tests check): a task occupies working days
``start .. end - 1`` counted from the project's start, so ``end = start + duration``;
a milestone has ``start == end`` and falls at the end of working day ``start - 1``. A link
with lag ``L`` (working days) requires, for its successor:

- FS: ``succ.start >= pred.end + L`` (so with ``L >= 0`` the successor starts on a later
  working day than the predecessor finishes, and a milestone falls on its predecessor's
  finish date);
- SS: ``succ.start >= pred.start + L``;
- FF: ``succ.end >= pred.end + L``.

The forward pass starts every task as early as those allow, and never before day 0.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from openpmo.services.demo import work_names as vocab
from openpmo.services.demo.names import Bi

__all__ = ["LEAF", "MILESTONE", "SUMMARY", "Link", "Node", "plan_network"]

LEAF, SUMMARY, MILESTONE = 0, 1, 2

#: (predecessor's index in the project's node list, type, lag in working days).
Link = tuple[int, str, int]


@dataclass(slots=True)
class Node:
    """A task of a project, in WBS pre-order: a parent always precedes its children."""

    wbs: str
    name: Bi
    parent: int
    kind: int
    duration: int = 0
    preds: list[Link] = field(default_factory=list)
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class Phase:
    kind: str
    name: Bi
    number: int  # the sprint number, 0 for other phases


def _phases(methodology: str, size: int) -> list[Phase]:
    sprints = max(2, min(12, round(size / (14 if methodology == "agile" else 22))))
    phases: list[Phase] = []
    for kind, name, name_zh in vocab.PHASES[methodology]:
        if kind != "sprint":
            phases.append(Phase(kind, (name, name_zh), 0))
            continue
        for n in range(1, sprints + 1):
            phases.append(Phase(kind, (f"{name} {n}", f"{name_zh}{n}"), n))
    return phases


def _leaf_counts(rng: random.Random, phases: list[Phase], size: int) -> list[int]:
    """Leaves per phase, so that a project has about ``size`` tasks in all."""
    weights = [vocab.PHASE_WEIGHTS[p.kind] * rng.uniform(0.7, 1.3) for p in phases]
    leaves = max(len(phases) * 2, size - 2 * len(phases))
    counts = [max(2, round(leaves * w / sum(weights))) for w in weights]
    return [
        min(c, len(vocab.PHASE_TASKS[p.kind])) if p.kind in vocab.PHASE_TASKS else c
        for p, c in zip(phases, counts, strict=True)
    ]


def _duration(rng: random.Random, kind: str) -> int:
    if kind == "sprint":
        return rng.randint(1, 6)
    return max(1, round(rng.triangular(1, 15, 3)))


class _Builder:
    """Appends one phase at a time: its summary, work packages, leaves and milestone."""

    def __init__(self, rng: random.Random, domain: str) -> None:
        self.rng = rng
        self.domain = domain
        self.nodes: list[Node] = []
        self.milestone = -1
        self.modules = list(vocab.MODULES[domain])
        rng.shuffle(self.modules)
        self.next_module = 0

    def add(self, node: Node) -> int:
        self.nodes.append(node)
        return len(self.nodes) - 1

    def module(self) -> Bi:
        found = self.modules[self.next_module % len(self.modules)]
        self.next_module += 1
        return found

    def module_leaves(self, parent: int, prefix: str, count: int, kind: str) -> Bi:
        """Leaves working on the next module; returns the module's name."""
        en, zh = self.module()
        vocabulary = vocab.MODULE_TASKS[self.domain]
        picked = sorted(self.rng.sample(range(len(vocabulary)), count))
        for i, (t_en, t_zh) in enumerate((vocabulary[k] for k in picked), 1):
            name = (t_en.format(en.lower()), t_zh.format(zh))
            self.add(Node(f"{prefix}.{i}", name, parent, LEAF, _duration(self.rng, kind)))
        return en, zh

    def phase_leaves(self, phase: Phase, parent: int, prefix: str, count: int) -> list[int]:
        if phase.kind in vocab.PHASE_TASKS:
            names = vocab.PHASE_TASKS[phase.kind][:count]
            return [
                self.add(Node(f"{prefix}.{i}", name, parent, LEAF, _duration(self.rng, phase.kind)))
                for i, name in enumerate(names, 1)
            ]
        per_package = len(vocab.MODULE_TASKS[self.domain])
        first = len(self.nodes)
        if count <= per_package:
            self.module_leaves(parent, prefix, count, phase.kind)
        else:
            for i in range(1, -(-count // per_package) + 1):
                done = sum(1 for n in self.nodes[first:] if n.kind == LEAF)
                package = self.add(Node(f"{prefix}.{i}", ("", ""), parent, SUMMARY))
                self.nodes[package].name = self.module_leaves(
                    package, f"{prefix}.{i}", min(per_package, count - done), phase.kind
                )
        return [i for i in range(first, len(self.nodes)) if self.nodes[i].kind == LEAF]

    def phase(self, phase: Phase, number: int, count: int) -> None:
        summary = self.add(Node(str(number), phase.name, -1, SUMMARY))
        leaves = self.phase_leaves(phase, summary, str(number), count)
        self.link(leaves)
        en, zh = vocab.MILESTONES[phase.kind]
        name = (en.format(phase.number), zh.format(phase.number))
        closes = [i for i in leaves if not self._covered(i, leaves)]
        milestone = self.add(
            Node(
                f"{number}.{count_children(self.nodes, summary) + 1}",
                name,
                summary,
                MILESTONE,
                0,
                [(i, "FS", 0) for i in closes],
            )
        )
        self.milestone = milestone

    def link(self, leaves: list[int]) -> None:
        """Chain the phase's leaves with some parallel branches; the first follows the
        previous phase's milestone."""
        rng = self.rng
        for j, task in enumerate(leaves):
            if j == 0:
                if self.milestone >= 0:
                    self.nodes[task].preds.append((self.milestone, "FS", 0))
                continue
            back = 1 if rng.random() < 0.6 else rng.randint(1, min(j, 3))
            link = _link(rng, leaves[j - back])
            self.nodes[task].preds.append(link)
            if link[1] == "FF" and self.milestone >= 0:
                # finish-to-finish alone would let the task start before its phase does
                self.nodes[task].preds.append((self.milestone, "FS", 0))
            if j >= 2 and rng.random() < 0.15:
                other = leaves[rng.randrange(0, j)]
                if other != leaves[j - back]:
                    self.nodes[task].preds.append((other, "FS", 0))

    def _covered(self, task: int, leaves: list[int]) -> bool:
        """Whether a later leaf of the phase finishes no earlier than ``task`` by a link."""
        return any(
            p == task and kind != "SS" for other in leaves for p, kind, _ in self.nodes[other].preds
        )


def count_children(nodes: list[Node], parent: int) -> int:
    return sum(1 for node in nodes[parent + 1 :] if node.parent == parent)


def _link(rng: random.Random, pred: int) -> Link:
    draw = rng.random()
    if draw < 0.08:
        return pred, "SS", rng.randint(1, 5)
    if draw < 0.13:
        return pred, "FF", rng.randint(0, 3)
    return pred, "FS", rng.randint(1, 3) if draw > 0.93 else 0


def plan_network(rng: random.Random, methodology: str, domain: str, size: int) -> list[Node]:
    """A scheduled WBS of about ``size`` tasks: phases (summaries) of leaves, each closed by
    a milestone; every node's ``start``/``end`` set by the forward pass."""
    phases = _phases(methodology, size)
    builder = _Builder(rng, domain)
    for number, (phase, count) in enumerate(
        zip(phases, _leaf_counts(rng, phases, size), strict=True), 1
    ):
        builder.phase(phase, number, count)
    forward_pass(builder.nodes)
    return builder.nodes


def forward_pass(nodes: list[Node]) -> None:
    """Earliest start of every leaf and milestone (predecessors precede successors in the
    list), then each summary spans its children."""
    for node in nodes:
        if node.kind == SUMMARY:
            continue
        start = 0
        for pred, kind, lag in node.preds:
            p = nodes[pred]
            if kind == "FS":
                start = max(start, p.end + lag)
            elif kind == "SS":
                start = max(start, p.start + lag)
            else:
                start = max(start, p.end + lag - node.duration)
        node.start, node.end = start, start + node.duration
    _roll_up(nodes)


def _roll_up(nodes: list[Node]) -> None:
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for index in range(len(nodes) - 1, -1, -1):
        node = nodes[index]
        if node.kind == SUMMARY:
            node.start, node.end = first[index], last[index]
            node.duration = node.end - node.start
        if node.parent >= 0:
            begin = node.start - 1 if node.kind == MILESTONE else node.start
            first[node.parent] = min(first.get(node.parent, begin), begin)
            last[node.parent] = max(last.get(node.parent, node.end), node.end)
