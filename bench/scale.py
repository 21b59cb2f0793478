"""A scaled corpus made from the real text of the five sample texts of the bundled corpus.

Resolutions are recombined from real preambular and operative paragraphs, renumbered and
given new symbols, in both layouts (CND reports: one paragraph a line; General Assembly
web copies: a whole resolution on one line), so structure and vocabulary stay real.
N× holds about N times the words of the bundled corpus. Deterministic for a seed.
"""

from __future__ import annotations

import random
from pathlib import Path


def _paragraphs():
    from precursor_kg.extraction import Extractor
    from precursor_kg.fileio import sample_corpus

    extractor = Extractor()
    preambular, operative, titles = [], [], []
    for path in sample_corpus():
        for resolution in extractor.extract_path(path).resolutions:
            if resolution.title:
                titles.append(resolution.title)
            for p in resolution.paragraphs:
                text = p.text if p.kind == "preambular" else p.text.rstrip(";.:,")
                (preambular if p.kind == "preambular" else operative).append(text)
    return preambular, operative, titles


def corpus_words() -> int:
    from precursor_kg.fileio import sample_corpus

    return sum(len(p.read_text(encoding="utf-8").split()) for p in sample_corpus())


def write_scaled_corpus(out: Path, scale: int, seed: int = 1, per_file: int = 3) -> list[Path]:
    """Write about `scale` times the bundled corpus's words as resolution files into `out`."""
    rng = random.Random(seed)
    preambular, operative, titles = _paragraphs()
    target = corpus_words() * scale
    out.mkdir(parents=True, exist_ok=True)
    words = 0
    number = 0
    files, pending = [], []
    while words < target:
        number += 1
        session, index = 40 + number // 100, number % 100 + 1
        pre = [p.rstrip(",") + "," for p in rng.sample(preambular, rng.randint(4, 10))]
        ops = rng.sample(operative, rng.randint(4, 14))
        title = rng.choice(titles)
        if number % 2:  # a CND report: one paragraph a line
            body = "\n\n".join(pre + [f"{k}. {p};" for k, p in enumerate(ops, 1)])
            text = f"Resolution {session}/{index}\n\n{title}\n\nThe Commission on Narcotic Drugs,\n\n{body}\n"
        else:  # a General Assembly web copy: one line
            body = " ".join(pre + [f"{k}. {p};" for k, p in enumerate(ops, 1)])
            text = (f"Resolution adopted by the General Assembly on 20 December 2004 [on the report of the Third Committee] "
                    f"{session + 20}/{index}. {title} The General Assembly, {body} 74th plenary meeting 20 December 2004\n")
        words += len(text.split())
        pending.append(text)
        if len(pending) == per_file:
            files.append(_write(out, len(files), pending))
            pending = []
    if pending:
        files.append(_write(out, len(files), pending))
    return files


def _write(out: Path, index: int, texts: list[str]) -> Path:
    path = out / f"scaled_{index:06d}.txt"
    path.write_text("\n\n".join(texts), encoding="utf-8")
    return path
