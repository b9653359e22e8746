"""A small, safe XML reader that remembers the line of every element.

We parse with the standard library's expat directly: it gives each element's line (which
``xml.etree`` drops), needs no extra dependency, and lets us refuse DTDs and entity
declarations outright, which closes the entity-expansion and external-entity attacks an
untrusted file could try (the same rule ``defusedxml`` applies by default).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.parsers import expat

from openpmo.io.msproject.errors import MsProjectError

__all__ = ["Node", "parse_xml"]


@dataclass(eq=False)
class Node:
    """An element: local name (namespace prefix dropped), text, children and line."""

    tag: str
    line: int
    namespace: str | None = None
    text: str = ""
    children: list[Node] = field(default_factory=list)

    def child(self, tag: str) -> Node | None:
        """The first child called ``tag``."""
        for node in self.children:
            if node.tag == tag:
                return node
        return None

    def all(self, tag: str) -> list[Node]:
        """Every child called ``tag``, in order."""
        return [node for node in self.children if node.tag == tag]


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def parse_xml(data: bytes, path: str) -> Node:
    """Parse ``data`` into a :class:`Node` tree.

    Raises
    ------
    MsProjectError
        On malformed XML (with expat's line), a DTD or an entity declaration.
    """
    parser = expat.ParserCreate()
    stack: list[Node] = []
    text: list[list[str]] = []
    root: list[Node] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        node = Node(_local(name), parser.CurrentLineNumber, attrs.get("xmlns"))
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)
        text.append([])

    def end(name: str) -> None:
        node = stack.pop()
        node.text = "".join(text.pop()).strip()

    def chars(data: str) -> None:
        if text:
            text[-1].append(data)

    def refuse(*_: object) -> None:
        raise MsProjectError(
            path, parser.CurrentLineNumber, None, "DTDs and entity declarations are not allowed"
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        reason = expat.errors.messages[error.code]
        raise MsProjectError(path, error.lineno, None, f"not well-formed XML: {reason}") from None
    return root[0]
