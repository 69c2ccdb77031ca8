#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Compile-only Java stubs from Android's public API file (api/current.txt, "Signature format 2.0").

    apistubs.py CURRENT_TXT OUT_DIR [--overlay FILE ...]

Each class of the API becomes a Java source whose methods throw; javac then checks Hearth's
production Java against exactly the API level the file describes (API 29 in Debian's
android-platform-frameworks-base), so a call that needs a newer level fails to compile. Symbols
of newer levels that the code uses behind a version check come from overlay files in the same
format; their members are added to the classes of the main file.

java.* and the javax/org packages the JDK itself provides are not generated: the JDK's own
classes stand for them (javac --release 8 keeps to Java 8's API, close to Android's).
"""
import os
import re
import sys
from collections import OrderedDict

GENERATED_PREFIXES = ("android.", "dalvik.", "javax.microedition.", "org.apache.http.", "org.json", "org.xmlpull.")
HIDDEN = "org.hearth.apistub.Hidden"


def strip_annotations(text):
    """Removes @Annotation and @Annotation(...) (with nested parentheses) from a line, except
    @Deprecated: kept, so that javac -Xlint:deprecation -Werror refuses deprecated API."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "@" and not text.startswith("@interface", i) and not text.startswith("@Deprecated ", i):
            j = i + 1
            while j < len(text) and (text[j].isalnum() or text[j] in "._"):
                j += 1
            if j < len(text) and text[j] == "(":
                depth = 0
                while j < len(text):
                    if text[j] == "(":
                        depth += 1
                    elif text[j] == ")":
                        depth -= 1
                        if depth == 0:
                            j += 1
                            break
                    j += 1
            i = j
            while i < len(text) and text[i] == " ":
                i += 1
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def split_top(text, sep=","):
    """Splits on `sep` outside <> and ()."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "<(":
            depth += 1
        elif ch in ">)":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    if "".join(cur).strip():
        parts.append("".join(cur).strip())
    return parts


def find_top(text, word):
    """Index of `word` outside <>, or -1."""
    depth = 0
    for i, ch in enumerate(text):
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
        elif depth == 0 and text.startswith(word, i):
            return i
    return -1


def split_top_spaces(text):
    """Splits on spaces outside <>."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
        if ch == " " and depth == 0:
            if cur:
                parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    if cur:
        parts.append("".join(cur))
    # "Map<K, V>" was split at its inner space: join pieces until the brackets balance.
    merged, acc = [], ""
    for p in parts:
        acc = p if not acc else acc + " " + p
        if acc.count("<") == acc.count(">"):
            merged.append(acc)
            acc = ""
    return merged


class Cls:
    def __init__(self, package, header):
        self.package = package
        self.header = header  # modifiers ... kind Name<T> extends ...
        m = re.search(r"\b(class|interface|enum|@interface)\s+([\w.]+)", header)
        self.kind = m.group(1)
        self.qualname = m.group(2)  # Outer.Inner
        self.simple = self.qualname.split(".")[-1]
        self.members = []
        self.enum_constants = []
        self.children = []
        self.parent = None
        at = find_top(header, " extends ")
        if at >= 0 and self.kind == "class":
            rest = header[at + len(" extends "):]
            end = find_top(rest, " implements ")
            self.parent = (rest if end < 0 else rest[:end]).strip()

    def declaration(self):
        head = self.header.replace(self.qualname, self.simple, 1)
        # The API file separates the types of a list by spaces: "implements A B".
        keyword = "extends" if self.kind == "interface" else "implements"
        at = find_top(head, " %s " % keyword)
        if at >= 0:
            start = at + len(keyword) + 2
            head = head[:start] + ", ".join(split_top_spaces(head[start:].strip()))
        return head


def parse(path, classes):
    package = None
    current = None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if not line or line.startswith("//"):
                continue
            if line.startswith("package "):
                package = line.split()[1]
                continue
            if line == "}":
                if current is not None:
                    current = None
                else:
                    package = None
                continue
            if line.endswith("{"):
                header = strip_annotations(line[:-1]).strip()
                cls = Cls(package, header)
                key = package + "." + cls.qualname
                if key in classes:  # an overlay reopening a class: add to it
                    current = classes[key]
                else:
                    classes[key] = cls
                    current = cls
                continue
            if line.startswith(("method ", "ctor ")) and "; //" in line:
                line = line[: line.index("; //") + 1]  # an overlay's "// since N"
            line = strip_annotations(line.rstrip(";")).strip()
            if line.startswith("enum_constant "):
                current.enum_constants.append(line.split()[-1])
            elif line.startswith(("ctor ", "method ", "field ")):
                current.members.append(line)


def default_value(type_):
    if type_ in ("boolean",):
        return "false"
    if type_ in ("byte", "short", "int", "long", "float", "double", "char"):
        return "(%s) 0" % type_
    return "null"


def params(text):
    out = []
    for i, t in enumerate(split_top(text)):
        out.append("%s p%d" % (t, i))
    return ", ".join(out)


def generated(cls):
    return cls.package.startswith(GENERATED_PREFIXES)


def lookup(type_name, classes):
    base = re.sub(r"<.*", "", type_name).strip()
    if "." not in base:
        base = "java.lang." + base
    return classes.get(base)


def super_call(cls, classes):
    """The explicit super(...) a stub constructor needs, or "" when super() will do."""
    if cls.kind != "class" or not cls.parent:
        return ""
    parent = lookup(cls.parent, classes)
    if parent is None:
        return ""
    if generated(parent):
        return "super((%s) null); " % HIDDEN
    # A JDK class: its constructors are in the API file too. Use one that takes nothing, or
    # else the first, with typed placeholders.
    ctors = [m for m in parent.members if m.startswith("ctor ")]
    ctors.sort(key=lambda c: " throws " in c)  # one that throws nothing checked, where there is one
    args = [re.search(r"\((.*)\)", c).group(1) for c in ctors]
    if not ctors or "" in args:
        return ""
    types = split_top(args[0])
    return "super(%s); " % ", ".join("(%s) %s" % (t, default_value(t)) for t in types)


def emit_member(cls, line, classes, indent):
    kind, rest = line.split(" ", 1)
    if kind == "field":
        m = re.match(r"(.*?)\s+([\w$]+)(\s*=\s*(.*))?$", rest)
        decl, name, value = m.group(1), m.group(2), m.group(4)
        type_ = decl.split()[-1]
        mods = decl.split()[:-1]
        if cls.kind in ("interface", "@interface"):
            mods = [x for x in mods if x not in ("public", "static", "final")]
        if value is not None:
            value = value.split("; //")[0].strip()
            if type_ == "float" and not value.endswith(("f", "F")):
                value += "f"
            if type_ == "long" and re.match(r"^-?\d+$", value):
                value += "L"
            if type_ == "char":
                value = "(char) %s" % (value if value.startswith("'") else int(value))
            if value in ("(0.0/0.0)", "NaN"):
                value = "0.0/0.0"
        elif "final" in mods or cls.kind in ("interface", "@interface"):
            value = default_value(type_)
        return "%s%s %s %s%s;\n" % (indent, " ".join(mods), type_, name, "" if value is None else " = " + value)
    m = re.match(r"(.*?)\(([^()]*(?:\([^()]*\)[^()]*)*)\)(\s*throws\s+(.*?))?(\s+default\s+(.*))?$", rest)
    head, args, throws, default = m.group(1).strip(), m.group(2), m.group(4), m.group(6)
    throws = (" throws " + throws) if throws else ""
    if kind == "ctor":
        mods = head.split()[:-1]  # modifiers and any type parameters, without the name
        name = cls.simple
        # "ctor public OutputConfiguration(Size, Class<T>)": the file drops the ctor's <T>.
        loose = sorted(set(re.findall(r"(?<![\w.])([A-Z])(?![\w])", args)) - set(type_params(cls)))
        if loose and not any(w.startswith("<") for w in mods):
            mods.append("<%s>" % ", ".join(loose))
        body = "{ %sthrow new RuntimeException(\"Stub!\"); }" % super_call(cls, classes)
        return "%s%s %s(%s)%s %s\n" % (indent, " ".join(mods), name, params(args), throws, body)
    words = head
    abstract = re.search(r"\babstract\b", words) is not None
    if cls.kind == "@interface":
        words = re.sub(r"\b(public|abstract)\s+", "", words)
        return "%s%s(%s)%s;\n" % (indent, words, params(args), (" default " + default) if default else "")
    if cls.kind == "enum" and re.search(r"\b(values|valueOf)$", words):
        return ""
    if abstract or (cls.kind == "interface" and " default " not in " %s " % words and " static " not in " %s " % words):
        return "%s%s(%s)%s;\n" % (indent, words, params(args), throws)
    return "%s%s(%s)%s { throw new RuntimeException(\"Stub!\"); }\n" % (indent, words, params(args), throws)


def emit_class(cls, classes, indent):
    out = ["%s%s {\n" % (indent, cls.declaration())]
    inner = indent + "  "
    if cls.kind == "enum":
        out.append("%s%s;\n" % (inner, ", ".join(cls.enum_constants)))
    if cls.kind == "class":
        out.append("%s/** Not Android API: lets the stubs chain constructors. */ protected %s(%s h) { %s}\n"
                   % (inner, cls.simple, HIDDEN, super_call(cls, classes)))
    for member in cls.members:
        out.append(emit_member(cls, member, classes, inner))
    for child in cls.children:
        out.append(emit_class(child, classes, inner))
    out.append("%s}\n" % indent)
    return "".join(out)


def method_key(line):
    """name(params) of a method line, and whether it is abstract."""
    m = re.match(r"method (.*?)\b([\w$]+)\((.*?)\)", line)
    return (m.group(2) + "(" + m.group(3) + ")") if m else None


def type_params(cls):
    m = re.search(r"\b%s<(.*)$" % re.escape(cls.qualname), cls.header)
    if not m:
        return []
    depth, end = 1, 0
    for i, ch in enumerate(m.group(1)):
        depth += ch == "<"
        depth -= ch == ">"
        if depth == 0:
            end = i
            break
    return [p.split()[0] for p in split_top(m.group(1)[:end])]


def bind(cls, written, outer):
    """Type variables of `cls` bound to the arguments in `written` ("AdapterView<ListAdapter>")."""
    names = type_params(cls)
    m = re.search(r"<(.*)>$", written.strip())
    args = split_top(m.group(1)) if m else []
    if len(args) != len(names):
        return {}
    return {n: substitute(a, outer) for n, a in zip(names, args)}


def substitute(text, bindings):
    for name, value in bindings.items():
        text = re.sub(r"(?<![\w.])%s(?![\w])" % re.escape(name), value, text)
    return text


def complete_overrides(classes):
    """The API file leaves out a method that overrides one of a superclass with the same
    signature (metalava elides them). Where that leaves a concrete class with an abstract method
    of a superclass unimplemented, or an interface with a default and an abstract method of the
    same signature, declare the method again, as the real class does."""
    for cls in classes.values():
        if not generated(cls):
            continue
        if cls.kind == "class" and not re.search(r"\babstract\b", cls.header):
            implemented = {method_key(m) for m in cls.members if m.startswith("method ")}
            missing = {}
            parent_type = cls.parent
            bindings = {}
            while parent_type:
                parent = lookup(parent_type, classes)
                if parent is None or not generated(parent):
                    break
                # AdapterView<T> seen from ListView: T is ListAdapter.
                bindings = bind(parent, parent_type, bindings)
                for m in parent.members:
                    key = method_key(m) if m.startswith("method ") else None
                    if key is None:
                        continue
                    key = substitute(key, bindings)
                    if key in implemented or key in missing:
                        continue
                    if re.search(r"\babstract\b", m):
                        missing[key] = substitute(re.sub(r"\babstract\s+", "", m), bindings)
                    else:
                        implemented.add(key)
                parent_type = substitute(parent.parent, bindings) if parent.parent else None
            cls.members.extend(missing.values())
        if cls.kind == "interface":
            at = find_top(cls.header, " extends ")
            if at < 0:
                continue
            supers = [lookup(t, classes) for t in split_top_spaces(cls.header[at + 9:].strip())]
            seen = {}
            own = {method_key(m) for m in cls.members if m.startswith("method ")}
            for sup in supers:
                for m in (sup.members if sup else []):
                    key = method_key(m) if m.startswith("method ") else None
                    if key is None or key in own:
                        continue
                    if key in seen and (" default " in m) != (" default " in seen[key]):
                        abstract = seen[key] if " default " not in seen[key] else m
                        cls.members.append(abstract)
                        own.add(key)
                    seen.setdefault(key, m)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    source, out_dir = argv[1], argv[2]
    overlays = [argv[i + 1] for i, a in enumerate(argv) if a == "--overlay"]
    classes = OrderedDict()
    parse(source, classes)
    for overlay in overlays:
        parse(overlay, classes)
    complete_overrides(classes)
    tops = []
    for key, cls in classes.items():
        if not cls.package.startswith(GENERATED_PREFIXES) and cls.package not in ("org.json",):
            continue
        if "." in cls.qualname:
            outer = cls.package + "." + cls.qualname.rsplit(".", 1)[0]
            classes[outer].children.append(cls)
        else:
            tops.append(cls)
    count = 0
    for cls in tops:
        path = os.path.join(out_dir, *cls.package.split("."), cls.simple + ".java")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write("// Generated by scripts/android/apistubs.py from Android's api/current.txt. Compile-only.\n")
            f.write("package %s;\n\n" % cls.package)
            f.write(emit_class(cls, classes, ""))
        count += 1
    hidden = os.path.join(out_dir, *HIDDEN.split(".")[:-1], "Hidden.java")
    os.makedirs(os.path.dirname(hidden), exist_ok=True)
    with open(hidden, "w", encoding="utf-8") as f:
        f.write("package org.hearth.apistub;\n\n/** Marks the stubs' own constructors. */\npublic final class Hidden { private Hidden() {} }\n")
    print("apistubs: %d classes" % count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
