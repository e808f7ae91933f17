//! The pack graph: which packs a pack `uses`, and the names it refers to (`when` and
//! `applies_to` selectors, `@phrase` lists, word lists, `{{fragments}}`), each checked to be
//! defined in the pack itself or in a pack it uses, directly or not. `link` runs once the
//! packs are merged: it checks the graph (every used pack loaded, no cycle), checks every
//! reference against its pack's closure and pastes fragments into the patterns.
//!
//! The engine still resolves selectors, phrase lists and word lists across every loaded pack
//! (an institution's pack adds cues to a built-in list, or signals a built-in rule selects):
//! `uses` says what a pack needs in order to load on its own, so that the built-in packs depend
//! on each other one way and each can be replaced by id.

use super::{Error, Located, Matcher, Pack, Rule, builtin::SOURCE_PREFIX, raw};
use std::collections::{BTreeMap, HashMap};

/// What a pack needs from other packs, as written. Filled in by the parser, used by `link`.
#[derive(Debug, Clone, Default)]
pub struct Links {
    /// `[pack] uses`: the packs this one depends on. `None` when the pack does not say: its
    /// references resolve against every loaded pack, as before `uses` existed (a user pack
    /// written for an older postlint still loads).
    pub uses: Option<Vec<Located<String>>>,
    /// `[fragments]`: name -> regex text as written (it may use other fragments).
    pub fragments: BTreeMap<String, Located<String>>,
    /// Every name the pack refers to, where it is written.
    pub refs: Vec<Reference>,
}

/// One name a pack refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub kind: RefKind,
    pub name: String,
    /// The rule or allow list that refers to it (`None`: a fragment's definition).
    pub owner: Option<String>,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// A `when` selector (`all`, `any`, `none`): a rule id, id prefix or category.
    When,
    /// An `applies_to` selector of an allow list.
    AppliesTo,
    /// An `unless` selector of a text rule.
    Unless,
    /// A `clears` selector of a text rule.
    Clears,
    /// `"@name"` in a context window.
    PhraseList,
    /// A word list named in `lists = { group = "name" }`.
    WordList,
    /// `{{name}}` in a pattern or fragment.
    Fragment,
}

impl RefKind {
    fn what(self, name: &str) -> String {
        match self {
            RefKind::When => format!("`when` selector `{name}` selects no rule"),
            RefKind::AppliesTo => format!("`applies_to` selector `{name}` selects no rule"),
            RefKind::Unless => format!("`unless` selector `{name}` selects no rule"),
            RefKind::Clears => format!("`clears` selector `{name}` selects no rule"),
            RefKind::PhraseList => format!("phrase list `@{name}` is not defined"),
            RefKind::WordList => format!("word list `{name}` is not defined"),
            RefKind::Fragment => format!("fragment `{{{{{name}}}}}` is not defined"),
        }
    }
}

/// The fragment references in a pattern: (byte offset of `{{`, name). A name is a letter or
/// `_` followed by letters, digits and `_`; anything else between braces is left to the regex
/// parser (`{{` is never valid regex syntax, so no pattern means it literally).
pub fn fragment_refs(pattern: &str) -> impl Iterator<Item = (usize, &str)> {
    pattern.match_indices("{{").filter_map(move |(at, _)| {
        let rest = &pattern[at + 2..];
        let end = rest.find("}}")?;
        let name = &rest[..end];
        let mut chars = name.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
        (first_ok && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')).then_some((at, name))
    })
}

/// Does the pattern use a fragment? (Its regex can only be checked once they are pasted in.)
pub fn has_fragments(pattern: &str) -> bool {
    pattern.contains("{{") && fragment_refs(pattern).next().is_some()
}

fn error(pack: &Pack, line: usize, column: usize, owner: Option<&str>, message: String) -> Error {
    super::error(&pack.source, Some((line, column)), owner, message)
}

/// Check the graph and every reference, and paste fragments into the patterns. `packs` are
/// merged (one per id), in load order.
pub fn link(packs: &mut [Pack]) -> Result<(), Error> {
    let closures = closures(packs)?;
    check_references(packs, &closures)?;
    expand_fragments(packs, &closures)
}

/// For each pack, the packs its references may resolve in: itself and everything it uses,
/// directly or not (in load order); every loaded pack for a pack without `uses`.
fn closures(packs: &[Pack]) -> Result<Vec<Vec<usize>>, Error> {
    let index: HashMap<&str, usize> = packs.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    let mut edges: Vec<Vec<(usize, &Located<String>)>> = Vec::with_capacity(packs.len());
    for pack in packs {
        let mut out = Vec::new();
        for used in pack.links.uses.iter().flatten() {
            let Some(&to) = index.get(used.value.as_str()) else {
                let why = format!(
                    "pack `{}` uses pack `{}`, which is not loaded (add its file with --rules, or drop it from `uses`)",
                    pack.id, used.value
                );
                return Err(error(pack, used.line, used.column, None, why));
            };
            out.push((to, used));
        }
        edges.push(out);
    }
    // Depth-first, three colours: a grey pack met again closes a cycle.
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    fn visit(
        at: usize,
        packs: &[Pack],
        edges: &[Vec<(usize, &Located<String>)>],
        marks: &mut [Mark],
        path: &mut Vec<usize>,
    ) -> Result<(), Error> {
        marks[at] = Mark::Open;
        path.push(at);
        for &(to, used) in &edges[at] {
            match marks[to] {
                Mark::Done => {}
                Mark::New => visit(to, packs, edges, marks, path)?,
                Mark::Open => {
                    let start = path.iter().position(|&p| p == to).unwrap_or(0);
                    let cycle: Vec<&str> =
                        path[start..].iter().chain(std::iter::once(&to)).map(|&p| packs[p].id.as_str()).collect();
                    let why = format!("packs use each other in a cycle: {}", cycle.join(" -> "));
                    return Err(error(&packs[at], used.line, used.column, None, why));
                }
            }
        }
        path.pop();
        marks[at] = Mark::Done;
        Ok(())
    }
    let mut marks = vec![Mark::New; packs.len()];
    for start in 0..packs.len() {
        if marks[start] == Mark::New {
            visit(start, packs, &edges, &mut marks, &mut Vec::new())?;
        }
    }
    Ok(packs
        .iter()
        .enumerate()
        .map(|(i, pack)| {
            if pack.links.uses.is_none() {
                return (0..packs.len()).collect();
            }
            let mut seen = vec![false; packs.len()];
            let mut stack = vec![i];
            seen[i] = true;
            while let Some(at) = stack.pop() {
                for &(to, _) in &edges[at] {
                    if !std::mem::replace(&mut seen[to], true) {
                        stack.push(to);
                    }
                }
            }
            (0..packs.len()).filter(|&p| seen[p]).collect()
        })
        .collect())
}

/// Every name a selector can select in a pack: rule ids, their prefixes ending before a `.`,
/// and categories (exactly what `super::selects` accepts), each with the id of one rule it selects.
fn selectable(pack: &Pack) -> HashMap<&str, Vec<&str>> {
    fn add<'a>(names: &mut HashMap<&'a str, Vec<&'a str>>, name: &'a str, rule: &'a Rule) {
        let ids = names.entry(name).or_default();
        // Two are enough to tell "only the rule itself" from "another rule".
        if ids.len() < 2 && !ids.contains(&rule.id.as_str()) {
            ids.push(rule.id.as_str());
        }
    }
    let mut names = HashMap::new();
    for rule in &pack.rules {
        add(&mut names, &rule.category, rule);
        add(&mut names, &rule.id, rule);
        for (at, _) in rule.id.match_indices('.') {
            add(&mut names, &rule.id[..at], rule);
        }
    }
    names
}

/// Each reference of a pack that declares `uses` must be defined within its closure.
/// (A pack without `uses` resolves against everything: the engine checks its names, and
/// `expand_fragments` its fragments.)
fn check_references(packs: &[Pack], closures: &[Vec<usize>]) -> Result<(), Error> {
    let mut selectable_in: Vec<Option<HashMap<&str, Vec<&str>>>> = vec![None; packs.len()];
    for (i, pack) in packs.iter().enumerate() {
        if pack.links.uses.is_none() {
            continue;
        }
        for r in &pack.links.refs {
            let found = match r.kind {
                RefKind::When | RefKind::AppliesTo | RefKind::Unless | RefKind::Clears => {
                    closures[i].iter().any(|&p| {
                        let names = selectable_in[p].get_or_insert_with(|| selectable(&packs[p]));
                        names.get(r.name.as_str()).is_some_and(|ids| {
                            // A `when`, `unless` or `clears` rule never selects itself.
                            r.kind == RefKind::AppliesTo || ids.iter().any(|id| Some(*id) != r.owner.as_deref())
                        })
                    })
                }
                RefKind::PhraseList => closures[i].iter().any(|&p| packs[p].phrases.contains_key(&r.name)),
                RefKind::WordList => closures[i].iter().any(|&p| packs[p].lists.contains_key(&r.name)),
                RefKind::Fragment => closures[i].iter().any(|&p| packs[p].links.fragments.contains_key(&r.name)),
            };
            if !found {
                let why = format!(
                    "{} in pack `{}` or the packs it uses ({}); add the pack that defines it to `[pack] uses`",
                    r.kind.what(&r.name),
                    pack.id,
                    closure_names(packs, &closures[i], i),
                );
                return Err(error(pack, r.line, r.column, r.owner.as_deref(), why));
            }
        }
    }
    Ok(())
}

fn closure_names(packs: &[Pack], closure: &[usize], this: usize) -> String {
    let names: Vec<&str> = closure.iter().filter(|&&p| p != this).map(|&p| packs[p].id.as_str()).collect();
    if names.is_empty() { "none".to_string() } else { names.join(", ") }
}

/// Paste fragments into every pattern that uses one, then check the result of a pack that is
/// not built in as its parser checks a pattern without fragments.
fn expand_fragments(packs: &mut [Pack], closures: &[Vec<usize>]) -> Result<(), Error> {
    let uses_fragments = |p: &Pack| {
        let rules = p.rules.iter().flat_map(|r| r.pattern().into_iter().chain(&r.allow.patterns));
        rules.chain(p.allows.iter().flat_map(|a| &a.matcher.patterns)).any(|l| has_fragments(&l.value))
    };
    if !packs.iter().any(uses_fragments) {
        return Ok(());
    }
    let mut expander = Expander { packs, closures, done: HashMap::new() };
    let mut pasted: Vec<(usize, Vec<Option<String>>)> = Vec::new();
    for (i, pack) in packs.iter().enumerate() {
        if !uses_fragments(pack) {
            continue;
        }
        let mut out = Vec::new();
        let rules =
            pack.rules.iter().flat_map(|r| r.pattern().into_iter().chain(&r.allow.patterns).map(move |p| (p, r)));
        for (p, rule) in rules {
            out.push(expander.expand_pattern(i, p, Some(&rule.id))?);
        }
        for allow in &pack.allows {
            for p in &allow.matcher.patterns {
                out.push(expander.expand_pattern(i, p, Some(&allow.id))?);
            }
        }
        pasted.push((i, out));
    }
    for (i, out) in pasted {
        let pack = &mut packs[i];
        let trusted = pack.source.starts_with(SOURCE_PREFIX);
        let mut out = out.into_iter();
        for rule in &mut pack.rules {
            let case_sensitive = rule.case_sensitive;
            let mut is_main = rule.pattern().is_some();
            let main = match &mut rule.matcher {
                Matcher::Text { pattern, .. } => pattern.as_mut(),
                Matcher::When(_) | Matcher::Score(_) => None,
            };
            for p in main.into_iter().chain(&mut rule.allow.patterns) {
                if let Some(expanded) = out.next().flatten() {
                    p.value = expanded;
                    if !trusted {
                        let needs_names = is_main && (rule.report_group.is_some() || !rule.lists.is_empty());
                        let fail = |why| super::error(&pack.source, Some((p.line, p.column)), Some(&rule.id), why);
                        let names = raw::check_pattern(&p.value, case_sensitive, needs_names).map_err(fail)?;
                        if needs_names {
                            let groups = rule.report_group.iter().chain(rule.lists.keys());
                            if let Some(g) = groups.into_iter().find(|g| !names.contains(g)) {
                                return Err(fail(format!("the pattern does not capture group `{g}`")));
                            }
                        }
                    }
                }
                is_main = false;
            }
        }
        for allow in &mut pack.allows {
            for p in &mut allow.matcher.patterns {
                if let Some(expanded) = out.next().flatten() {
                    p.value = expanded;
                    if !trusted {
                        raw::check_pattern(&p.value, false, false).map_err(|why| {
                            super::error(&pack.source, Some((p.line, p.column)), Some(&allow.id), why)
                        })?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// Pastes fragments, each expanded once per defining pack.
struct Expander<'a> {
    packs: &'a [Pack],
    closures: &'a [Vec<usize>],
    /// (defining pack, name) -> expanded text.
    done: HashMap<(usize, String), String>,
}

impl Expander<'_> {
    /// The pattern with its fragments pasted in, or `None` when it uses none.
    fn expand_pattern(
        &mut self,
        pack: usize,
        p: &Located<String>,
        owner: Option<&str>,
    ) -> Result<Option<String>, Error> {
        if !has_fragments(&p.value) {
            return Ok(None);
        }
        let at = (p.line, p.column, owner);
        self.expand(pack, &p.value, at, &mut Vec::new()).map(Some)
    }

    /// `text` (written in pack `pack`) with each `{{name}}` replaced by the fragment it names,
    /// looked up in the pack itself, then in the packs it uses. `path`: fragments being expanded.
    fn expand(
        &mut self,
        pack: usize,
        text: &str,
        at: (usize, usize, Option<&str>),
        path: &mut Vec<(usize, String)>,
    ) -> Result<String, Error> {
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for (offset, name) in fragment_refs(text) {
            if offset < last {
                continue;
            }
            out.push_str(&text[last..offset]);
            last = offset + name.len() + 4;
            let home = self.home(pack, name, at)?;
            let key = (home, name.to_string());
            if let Some(done) = self.done.get(&key) {
                out.push_str(done);
                continue;
            }
            let def = &self.packs[home].links.fragments[name];
            if let Some(start) = path.iter().position(|k| *k == key) {
                let names: Vec<&str> = path[start..].iter().map(|(_, n)| n.as_str()).chain([name]).collect();
                let why = format!("fragments use each other in a cycle: {}", names.join(" -> "));
                return Err(error(&self.packs[home], def.line, def.column, None, why));
            }
            path.push(key.clone());
            let expanded = self.expand(home, &def.value, (def.line, def.column, None), path)?;
            path.pop();
            out.push_str(&expanded);
            self.done.insert(key, expanded);
        }
        out.push_str(&text[last..]);
        Ok(out)
    }

    /// The pack whose `[fragments]` defines `name` for a pattern of pack `pack`: its own, else
    /// the one pack of its closure that defines it.
    fn home(&self, pack: usize, name: &str, at: (usize, usize, Option<&str>)) -> Result<usize, Error> {
        if self.packs[pack].links.fragments.contains_key(name) {
            return Ok(pack);
        }
        let defining: Vec<usize> = self.closures[pack]
            .iter()
            .copied()
            .filter(|&p| p != pack && self.packs[p].links.fragments.contains_key(name))
            .collect();
        let here = &self.packs[pack];
        match defining.as_slice() {
            [one] => Ok(*one),
            [] => {
                let why = format!(
                    "{} in pack `{}` or the packs it uses ({})",
                    RefKind::Fragment.what(name),
                    here.id,
                    closure_names(self.packs, &self.closures[pack], pack)
                );
                Err(error(here, at.0, at.1, at.2, why))
            }
            several => {
                let ids: Vec<&str> = several.iter().map(|&p| self.packs[p].id.as_str()).collect();
                let why = format!(
                    "fragment `{{{{{name}}}}}` is defined in several packs it may come from: {}",
                    ids.join(", ")
                );
                Err(error(here, at.0, at.1, at.2, why))
            }
        }
    }
}

/// Pack ids of the closure of `pack` (itself excluded), for tests and `postlint` output.
#[cfg(test)]
pub(super) fn uses_closure(packs: &[Pack], pack: &str) -> Result<Vec<String>, Error> {
    let closures = closures(packs)?;
    let i = packs.iter().position(|p| p.id == pack).expect("pack loaded");
    let set: std::collections::HashSet<usize> = closures[i].iter().copied().filter(|&p| p != i).collect();
    Ok(packs.iter().enumerate().filter(|(p, _)| set.contains(p)).map(|(_, p)| p.id.clone()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::{merge, parse_pack};

    /// A pack `id` with the given header lines and body.
    fn pack(id: &str, header: &str, body: &str) -> Pack {
        let text = format!("[pack]\nid = \"{id}\"\ncategory = \"{id}\"\n{header}\n{body}");
        parse_pack(&format!("{id}.toml"), &text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn rule(id: &str, matcher: &str) -> String {
        format!("[[rule]]\nid = \"{id}\"\nseverity = \"info\"\nmessage = \"m\"\nhelp = \"h\"\n{matcher}\n")
    }

    fn linked(packs: Vec<Pack>) -> Result<Vec<Pack>, Error> {
        merge(packs)
    }

    #[test]
    fn a_pack_may_use_what_its_closure_defines() {
        let vocab = pack(
            "vocab",
            "uses = []",
            "[phrases]\ncues = [\"pt\"]\n[lists]\nnames = \"ann bob\"\n[fragments]\nword = '[a-z]+'\n",
        );
        let signals = pack("signals", "uses = [\"vocab\"]", &rule("signals.x", "terms = [\"x\"]"));
        let top = pack(
            "top",
            "uses = [\"signals\"]",
            &(rule(
                "top.name",
                "pattern = '(?P<n>{{word}})'\nlists = { n = \"names\" }\ncontext = { require = [\"@cues\"] }",
            ) + &rule("top.combo", "when = { all = [\"signals\"] }")
                + "[[allow]]\nid = \"top.ok\"\napplies_to = [\"signals.x\"]\nterms = [\"y\"]\n"),
        );
        let packs = linked(vec![vocab, signals, top]).unwrap();
        assert_eq!(packs[2].rules[0].pattern().unwrap().value, "(?P<n>[a-z]+)");
        assert_eq!(uses_closure(&packs, "top").unwrap(), ["vocab", "signals"]);
    }

    /// Each reference outside the closure is an error at the reference.
    #[test]
    fn a_reference_outside_the_closure_is_an_error_where_it_is_written() {
        let other = || {
            pack(
                "other",
                "uses = []",
                &(rule("other.x", "terms = [\"x\"]") + "[phrases]\ncues = [\"pt\"]\n[lists]\nnames = \"ann\"\n"),
            )
        };
        let cases: &[(&str, String, usize, usize, &str)] = &[
            (
                "when",
                rule("p.c", "when = { any = [\"other.x\"] }"),
                10,
                17,
                "`when` selector `other.x` selects no rule",
            ),
            (
                "phrase list",
                rule("p.t", "terms = [\"t\"]\ncontext = { require = [\"@cues\"] }"),
                11,
                24,
                "phrase list `@cues` is not defined",
            ),
            (
                "word list",
                rule("p.n", "pattern = '(?P<n>\\w+)'\nlists = { n = \"names\" }"),
                11,
                15,
                "word list `names` is not defined",
            ),
            (
                "applies_to",
                "[[allow]]\nid = \"p.ok\"\napplies_to = [\"other\"]\nterms = [\"y\"]\n".to_string(),
                7,
                15,
                "`applies_to` selector `other` selects no rule",
            ),
            ("fragment", rule("p.f", "pattern = 'a{{nope}}b'"), 10, 13, "fragment `{{nope}}` is not defined"),
        ];
        for (what, body, line, column, needle) in cases {
            let p = pack("p", "uses = []", body);
            let e = linked(vec![other(), p]).unwrap_err();
            assert_eq!(e.file(), Some("p.toml"), "{what}");
            assert_eq!((e.line(), e.column()), (Some(*line), Some(*column)), "{what}: {e}");
            assert!(e.message().contains(needle), "{what}: {e}");
            assert!(e.message().contains("add the pack that defines it"), "{what}: {e}");
            // Declaring the dependency fixes it (except the fragment, which nobody defines).
            let p = pack("p", "uses = [\"other\"]", body);
            assert_eq!(linked(vec![other(), p]).is_ok(), *what != "fragment", "{what}");
        }
    }

    #[test]
    fn a_used_pack_must_be_loaded() {
        let p = pack("p", "uses = [\"vocab\", \"nope\"]", "");
        let vocab = pack("vocab", "uses = []", "");
        let e = linked(vec![vocab, p]).unwrap_err();
        assert_eq!(e.location(), Some(&crate::Location::at("p.toml", 4, 18)), "{e}");
        assert!(e.message().contains("uses pack `nope`, which is not loaded"), "{e}");
    }

    #[test]
    fn a_cycle_is_an_error_that_names_it() {
        let a = pack("a", "uses = [\"b\"]", "");
        let b = pack("b", "uses = [\"c\"]", "");
        let c = pack("c", "uses = [\"a\"]", "");
        let e = linked(vec![a, b, c]).unwrap_err();
        assert_eq!(e.location(), Some(&crate::Location::at("c.toml", 4, 9)), "{e}");
        assert!(e.message().contains("cycle: a -> b -> c -> a"), "{e}");
        let selfish = pack("s", "uses = [\"s\"]", "");
        assert!(linked(vec![selfish]).unwrap_err().message().contains("cycle: s -> s"));
    }

    #[test]
    fn fragments_nest_without_cycles() {
        let body = "[fragments]\nd = '\\d'\nyear = '{{d}}{4}'\n".to_string()
            + &rule("p.y", "pattern = '''\n(?-u:\\b){{year}}-{{year}}'''");
        let packs = linked(vec![pack("p", "uses = []", &body)]).unwrap();
        assert_eq!(packs[0].rules[0].pattern().unwrap().value, "(?-u:\\b)\\d{4}-\\d{4}");
        let looped = "[fragments]\na = 'x{{b}}'\nb = 'y{{a}}'\n".to_string() + &rule("p.y", "pattern = '{{a}}'");
        let e = linked(vec![pack("p", "uses = []", &looped)]).unwrap_err();
        assert!(e.message().contains("fragments use each other in a cycle: a -> b -> a"), "{e}");
        assert!(e.line() == Some(5) || e.line() == Some(6), "at a fragment's definition: {e}");
        let unknown = "[fragments]\na = 'x{{zz}}'\n".to_string() + &rule("p.y", "pattern = '{{a}}'");
        let e = linked(vec![pack("p", "uses = []", &unknown)]).unwrap_err();
        assert_eq!((e.line(), e.column()), (Some(6), Some(7)), "inside the fragment: {e}");
    }

    /// A user pack's pattern with fragments is checked once they are pasted in.
    #[test]
    fn user_patterns_with_fragments_are_checked_after_pasting() {
        let body = "[fragments]\nopen = '(x'\n".to_string() + &rule("p.y", "pattern = '{{open}}'");
        let e = linked(vec![pack("p", "uses = []", &body)]).unwrap_err();
        assert!(e.message().starts_with("invalid regex"), "{e}");
        let body =
            "[fragments]\ng = '(?P<g>x)'\n".to_string() + &rule("p.y", "pattern = '{{g}}'\nreport_group = \"h\"");
        let e = linked(vec![pack("p", "uses = []", &body)]).unwrap_err();
        assert!(e.message().contains("does not capture group `h`"), "{e}");
    }

    /// A pack that does not declare `uses` resolves against every loaded pack, as before.
    #[test]
    fn a_pack_without_uses_resolves_everywhere() {
        let vocab = pack("vocab", "uses = []", "[fragments]\nw = 'x'\n");
        let legacy = pack("legacy", "", &rule("legacy.y", "pattern = '{{w}}'"));
        assert!(linked(vec![vocab, legacy]).is_ok());
    }
}
