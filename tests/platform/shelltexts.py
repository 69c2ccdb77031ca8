#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The reasons the shells give for each permission are the app's own words, the same everywhere
(ctest: shell_texts): core/platform/permissions.cpp (shown in the app), Android's strings.xml
(both languages), iOS's Info.plist and InfoPlist.strings (both languages); Info.plist has what
iOS needs (usage strings, the background task id the code uses, no arbitrary loads)."""
import plistlib
import re
import sys
import xml.etree.ElementTree as ET

src = sys.argv[1]
failures = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)


core = open(f"{src}/core/platform/permissions.cpp", encoding="utf-8").read()
core = re.sub(r'"\s*\n\s*u"', "", core)  # join adjacent literals
core_text = {m.group(1).replace('\\"', '"') for m in re.finditer(r'u"((?:[^"\\]|\\.)*)"_qs', core)}


def android(lang):
    path = f"{src}/platforms/android/res/values{'' if lang == 'zh' else '-en'}/strings.xml"
    root = ET.parse(path).getroot()
    return {s.get("name"): (s.text or "").replace('\\"', '"') for s in root.findall("string")}


def ios_strings(lang):
    path = f"{src}/platforms/ios/{'zh-Hans' if lang == 'zh' else 'en'}.lproj/InfoPlist.strings"
    text = open(path, encoding="utf-8").read()
    return {k: v.replace('\\"', '"') for k, v in re.findall(r'"(\w+)"\s*=\s*"((?:[^"\\]|\\.)*)";', text)}


plist = plistlib.load(open(f"{src}/platforms/ios/Info.plist", "rb"))
for lang in ("zh", "en"):
    a = android(lang)
    i = ios_strings(lang)
    for name, key in (("reason_location", "NSLocationWhenInUseUsageDescription"), ("reason_camera", "NSCameraUsageDescription")):
        check(a.get(name) in core_text, f"{lang} Android {name} is the app's text")
        check(i.get(key) == a.get(name), f"{lang} iOS {key} matches Android {name}")
    check(a.get("reason_notifications") in core_text, f"{lang} Android reason_notifications is the app's text")
    if lang == "zh":
        check(plist.get("NSLocationWhenInUseUsageDescription") == a["reason_location"], "Info.plist location text")
        check(plist.get("NSCameraUsageDescription") == a["reason_camera"], "Info.plist camera text")
check(plist.get("CFBundleDisplayName") == "暖心走访", "the Chinese name")
ios_code = open(f"{src}/platforms/ios/iosplatform.mm", encoding="utf-8").read()
task = re.search(r'kRefreshTask = @"([^"]+)"', ios_code).group(1)
check(task in plist.get("BGTaskSchedulerPermittedIdentifiers", []), "the refresh task id is permitted")
check(plist.get("NSAppTransportSecurity", {}).get("NSAllowsArbitraryLoads") is False, "no arbitrary loads")
print("shell_texts: " + ("passed" if not failures else f"{len(failures)} failed"))
sys.exit(1 if failures else 0)
