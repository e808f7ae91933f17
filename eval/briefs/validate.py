import json, sys, collections
path, split, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
CATS = {"phi", "patient_reference", "profanity", "alcohol", "sexual"}
TYPES = set("name address city zip date age_over_89 phone fax email ssn mrn health_plan account license vehicle device url ip biometric other_id".split())
errs, posts = [], []
for i, line in enumerate(open(path, encoding="utf-8"), 1):
    try:
        p = json.loads(line)
    except Exception as e:
        errs.append(f"line {i}: not JSON: {e}"); continue
    posts.append(p)
    want = f"{split}-{i:04d}"
    if p.get("id") != want: errs.append(f"line {i}: id {p.get('id')!r}, expected {want}")
    if not isinstance(p.get("text"), str) or not p["text"].strip(): errs.append(f"line {i}: empty text")
    if not isinstance(p.get("labels"), list): errs.append(f"line {i}: labels not a list"); continue
    for l in p["labels"]:
        if l.get("category") not in CATS: errs.append(f"line {i}: bad category {l.get('category')!r}")
        if l.get("category") == "phi" and l.get("type") not in TYPES: errs.append(f"line {i}: bad phi type {l.get('type')!r}")
        if not l.get("text") or l["text"] not in p.get("text", ""): errs.append(f"line {i}: label text {l.get('text')!r} not in text")
texts = collections.Counter(p.get("text") for p in posts)
for t, c in texts.items():
    if c > 1: errs.append(f"duplicate text x{c}: {t[:60]!r}")
if len(posts) != n: errs.append(f"{len(posts)} posts, expected {n}")
clean = sum(1 for p in posts if p.get("labels") == [])
cats = collections.Counter(l["category"] for p in posts for l in p.get("labels", []) if isinstance(l, dict) and "category" in l)
print(f"{len(posts)} posts, {clean} clean; labels by category: {dict(cats)}")
print("\n".join(errs) if errs else "OK")
sys.exit(1 if errs else 0)
