"""A YAML loader for content files that nothing in a file can make hang, crash or mislead.

libyaml's C parser reads the events (fast); the nodes are put together here, one event at a time, so
that a file is refused as soon as it nests deeper than any content does (libyaml's own composer
recurses in C and crashes on a few kilobytes of `[[[…`, and its scanner slows down quadratically with
depth), uses an alias (`&a` / `*a`: a few hundred bytes of nested aliases expand to gigabytes, and a
self-referring one loops for ever; content has no need of them), repeats a key (the last one would
silently win) or has a key that is not text (`5:` or `yes:` would be read as a number or a boolean).
"""

from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode
from yaml.resolver import Resolver
from yaml import YAMLError

try:
    from yaml._yaml import CParser as _Parser
except ImportError:  # PyYAML without libyaml: the pure-Python parser gives the same events
    from yaml.parser import Parser as _ParserBase
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _ParserBase):
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _ParserBase.__init__(self)

from .errors import ReportError

MAX_DEPTH = 40  # content nests at most ~8 levels


class _Refused(Exception):
    def __init__(self, line, message):
        super().__init__(message)
        self.line, self.message = line, message


class ContentLoader(Composer, _Parser, SafeConstructor, Resolver):
    """C events, composed here with a depth limit and no aliases; mappings with text keys, each once."""

    def __init__(self, stream):
        _Parser.__init__(self, stream)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        Composer.__init__(self)
        self.depth = 0

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            event = self.get_event()
            raise _Refused(event.start_mark.line + 1, f"alias *{event.anchor} refused: content files do not use "
                           "YAML anchors and aliases (&name, *name); expected the value written out in full")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(self.peek_event().start_mark.line + 1, f"nested more than {MAX_DEPTH} levels deep; "
                           "expected content nested at most a few levels")
        try:
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        return node

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, MappingNode):
            return super().construct_mapping(node, deep)
        self.flatten_mapping(node)
        mapping, lines = {}, {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                raise _Refused(line, _not_text(key_node, key))
            if key in mapping:
                raise _Refused(line, f"duplicate key {key!r} (first given at line {lines[key]}); expected each key "
                               "once in a mapping")
            lines[key] = line
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


def _not_text(node, key):
    if not isinstance(node, ScalarNode):
        return "a list or mapping used as a key; expected a field name or id as text"
    return (f"the key {node.value!r} is read as {_kind(key)}, not as text; expected a field name or id as text "
            f"(write it in quotes: \"{node.value}\")")


def _kind(value):
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "an empty value"
    return f"a {type(value).__name__}"


def load_text(path, text):
    """The data of one YAML document, or ReportError naming the file, the line and the problem."""
    loader = ContentLoader(text)
    try:
        return loader.get_single_data()
    except _Refused as e:
        raise ReportError(path, e.line, e.message) from None
    except YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(e, "problem", None) or str(e)
        raise ReportError(path, line, f"YAML syntax error: {problem}") from None
    finally:
        loader.dispose()
