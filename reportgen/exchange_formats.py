"""XLIFF 1.2, XLIFF 2.0 and PO files for translators' tools, written and read with translate-toolkit."""

import os

from .errors import ReportError
from .exchange import KEY, note_lines

FORMATS = {"xliff": ".xlf", "xliff2": ".xlf", "po": ".po"}
MAX_BYTES = 20 * 1024 * 1024


def write(items, rid, lang, fmt):
    return {"xliff": _xliff, "xliff2": _xliff2, "po": _po}[fmt](items, rid, lang)


def _xliff(items, rid, lang):
    from translate.storage.xliff import xlifffile
    store = xlifffile(sourcelanguage="zh", targetlanguage=lang)
    store.setfilename(store.getfilenode("NoName"), rid)
    for item in items:
        unit = store.addsourceunit(item["source"], filename=rid)
        unit.setid(item["key"])
        unit.addlocation(item["key"])
        for line in note_lines(item):
            unit.addnote(line, origin="developer")
        if item["target"]:
            unit.target = item["target"]
            unit.markfuzzy(item["state"] != "translated")
        for zh, en, origin in item["suggestions"]:
            unit.addalttrans(en, origin=origin, lang=lang, sourcetxt=zh)
    return bytes(store)


def _xliff2(items, rid, lang):
    """XLIFF 2.0: ids are NMTOKENs there, so the key is written report:unit.field:fingerprint; the core
    format has no alternative translations, so memory's suggestions go into the notes."""
    from translate.storage.xliff2 import Xliff2File
    store = Xliff2File(sourcelanguage="zh", targetlanguage=lang)
    for item in items:
        unit = store.addsourceunit(item["source"])
        unit.setid(item["key"].replace("/", ":").replace("@", ":"))
        notes = note_lines(item) + [f"Suggestion from translation memory ({origin}): {zh} = {en}"
                                    for zh, en, origin in item["suggestions"]]
        for line in notes:
            unit.addnote(line, origin="developer")
        if item["target"]:
            unit.target = item["target"]
            unit.markfuzzy(item["state"] != "translated")
        _notes_on_unit(unit)
    return bytes(store)


def _notes_on_unit(unit):
    """XLIFF 2.0 keeps <notes> on the <unit>, before its segments (translate-toolkit writes them into the
    segment)."""
    segment = unit.xmlelement
    notes = segment.find(unit.namespaced("notes"))
    if notes is not None:
        segment.remove(notes)
        segment.getparent().insert(0, notes)


def _po(items, rid, lang):
    from translate.storage.po import pofile
    store = pofile()
    store.updateheader(add=True, Language=lang, X_Report=rid, Project_Id_Version=rid,
                       Content_Type="text/plain; charset=UTF-8", Content_Transfer_Encoding="8bit",
                       Plural_Forms="nplurals=2; plural=(n != 1);")
    for item in items:
        unit = store.addsourceunit(item["source"])
        unit.setcontext(item["key"])
        unit.addlocation(item["key"])
        notes = note_lines(item)
        suggestions = item["suggestions"]
        if item["target"]:
            unit.target = item["target"]
            unit.markfuzzy(item["state"] != "translated")
        elif suggestions:
            # gettext's way to offer a match: a fuzzy translation, with the source it was made for as the
            # previous msgid; the file's import leaves fuzzy strings out until a translator accepts them
            unit.prev_source = "".join(zh for zh, _, _ in suggestions)
            unit.target = " ".join(en for _, en, _ in suggestions)
            unit.markfuzzy(True)
            notes.append("Suggested from translation memory (" + ", ".join(o for _, _, o in suggestions)
                         + "): matching sentences only; translate the rest.")
        for line in notes:
            unit.addnote(line, origin="developer")
    return bytes(store)


def read(path):
    """[{key, target, fuzzy}] of a translated file, XLIFF or PO by its extension; a unit's key comes from
    its id or context, or else from its location reference (what converters between the two keep)."""
    ext = os.path.splitext(path)[1].lower()
    if ext not in (".xlf", ".xliff", ".po"):
        raise ReportError(path, None, "is neither XLIFF (.xlf, .xliff) nor PO (.po); expected a file written by "
                          "`build.py translations export`")
    if not os.path.isfile(path):
        raise ReportError(path, None, "no such file; expected a translated XLIFF or PO file")
    size = os.path.getsize(path)
    if size > MAX_BYTES:  # a whole report's strings take a few hundred kilobytes
        raise ReportError(path, None, f"is {size:,} bytes; a translation file is expected to be under "
                          f"{MAX_BYTES:,} bytes")
    try:
        store = _parse(path)
    except Exception as e:  # translate-toolkit raises many kinds of parse errors
        raise ReportError(path, None, f"could not be read as {ext[1:].upper()}: {str(e)[:160]}") from None
    out = []
    for unit in store.units:
        if unit.isheader():
            continue
        candidates = [unit.getid() or "", getattr(unit, "getcontext", lambda: "")() or ""] + unit.getlocations()
        key = next((m for c in candidates if (m := KEY.fullmatch(c.strip()))), None)
        out.append({"key": key, "raw_id": unit.getid(), "source": str(unit.source or ""),
                    "target": str(unit.target or ""), "fuzzy": _waiting(unit, ext)})
    return out


def _parse(path):
    """translate-toolkit's store for the file; an .xlf in XLIFF 2 is read by its XLIFF 2 class."""
    from translate.storage import factory
    try:
        return factory.getobject(path)
    except ValueError as e:
        if "XLIFF 2" not in str(e):
            raise
    from translate.storage.xliff2 import Xliff2File
    with open(path, "rb") as f:
        return Xliff2File.parsestring(f.read())


def _waiting(unit, ext):
    """Whether a translator left the string for later. PO: the fuzzy flag. XLIFF: a target whose state
    says it needs work (needs-…, new) and that nobody approved; tools that only set state="translated"
    (most do; few set approved="yes") count as done."""
    if ext == ".po" or type(unit).__name__ == "Xliff2Unit":  # XLIFF 2: state="initial" with a target
        return unit.isfuzzy()
    target = unit.xmlelement.find(unit.namespaced("target"))
    state = target.get("state", "") if target is not None else ""
    return unit.xmlelement.get("approved") != "yes" and (state.startswith("needs-") or state == "new")
