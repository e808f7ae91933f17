//! The engine: compile all packs once into one term automaton and one pattern prefilter,
//! then check posts. Pure: no I/O, no printing, never panics on user text.

pub mod context;
mod examples;
mod fasthash;
mod prefilter;
mod scorer;
mod selection;
pub mod terms;
mod wordset;

pub use examples::ExampleFailure;
pub use selection::{SELECTION_ALLOW_ID, Selection, specificity};

use crate::error::Error;
use crate::finding::{Finding, LineCounter, Severity, Span};
use crate::pack::{Pack, Rule, applies_to, selects};
use prefilter::Prefilter;
use regex::{Regex, RegexBuilder};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;
use terms::{TermMatcher, TermSpec};
use wordset::WordSet;

/// Cap on the compiled size of the combined prefilter set.
const REGEX_SET_SIZE_LIMIT: usize = 256 * 1024 * 1024;

/// Who a compiled term or pattern belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// A rule's own terms/pattern: a candidate finding.
    Rule(usize),
    /// A rule's own `allow` exceptions.
    RuleAllow(usize),
    /// A pack-level allow list.
    Allow(usize),
}

/// A pack-level allow list, ready to apply.
#[derive(Debug, Clone)]
struct CompiledAllow {
    id: String,
    applies_to: Vec<String>,
    examples_pass: Vec<String>,
    /// The pack file it came from (for `test-rules`).
    source: String,
}

/// A `when` rule with its selectors resolved to rule indices.
#[derive(Debug, Clone)]
struct Combo {
    rule: usize,
    all: Vec<Vec<usize>>,
    any: Vec<Vec<usize>>,
    /// Every rule any `none` selector covers (one finding of any of them blocks the rule).
    none: Vec<usize>,
    min_any: usize,
    each: bool,
    near: Option<usize>,
}

/// All loaded packs compiled into one matcher.
#[derive(Debug)]
pub struct Engine {
    /// The packs' rules as the selection left them (switched-off rules are signals here).
    rules: Vec<Rule>,
    /// Ids of the rules the selection switched off.
    switched_off: Vec<String>,
    /// For each rule, whether its finding blocks a `when` whose `none` selects it: a finding the
    /// user sees, or a signal the pack declares (a frame such as "the post is about the
    /// author's own family"); not a rule the selection switched off.
    blocks_none: Vec<bool>,
    allows: Vec<CompiledAllow>,
    terms: TermMatcher,
    term_owner: Vec<Owner>,
    prefilter: Prefilter,
    patterns: Vec<LazyRegex>,
    pattern_owner: Vec<Owner>,
    lists: HashMap<String, WordSet>,
    /// Each rule's context window, if it has one.
    windows: Vec<Option<context::Window>>,
    /// Named phrase lists (`[phrases]`, merged by name), which windows refer to by index.
    phrase_lists: Vec<context::PhraseList>,
    /// In evaluation order: a rule comes after every `when` rule its `none` selects.
    combos: Vec<Combo>,
    /// The rules that have `unless`, each with the rules it selects (few rules have one).
    unless: Vec<(usize, Vec<usize>)>,
    /// The rules that have `clears`, each with the rules whose matches of its text it clears.
    clears: Vec<(usize, Vec<usize>)>,
    /// For each rule, the pack-level allow lists that apply to it.
    allows_for_rule: Vec<Vec<usize>>,
    /// For each pack-level allow list, whether it applies to a `score` rule: a scorer's
    /// finding is known only after the allow patterns run, so those always run.
    allow_applies_to_score: Vec<bool>,
    /// Learned models and the `score` rules that ask them.
    scorers: scorer::Scorers,
}

/// A pattern compiled on first use: most posts never need most patterns, and a one-post run
/// (a pre-commit hook) should not pay for compiling them all.
#[derive(Debug)]
struct LazyRegex {
    source: String,
    case_sensitive: bool,
    compiled: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    /// The compiled pattern. The pack loader (or, for built-in packs, the test suite) has
    /// checked it parses and fits the size cap; the regex crate's default cap is the fallback
    /// should its other automata come out larger than the checked one. `None` only if it
    /// still fails, which that checking rules out.
    fn get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| {
                let build = |limit: Option<usize>| {
                    let mut builder = RegexBuilder::new(&self.source);
                    builder.case_insensitive(!self.case_sensitive);
                    if let Some(limit) = limit {
                        builder.size_limit(limit);
                    }
                    builder.build()
                };
                build(Some(crate::pack::REGEX_SIZE_LIMIT)).or_else(|_| build(None)).ok()
            })
            .as_ref()
    }
}

/// A candidate match before allow lists, dedup and co-occurrence.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    rule: usize,
    span: Span,
}

fn pack_error(rule: &Rule, line: usize, column: usize, message: String) -> Error {
    crate::pack::error(&rule.source, Some((line, column)), Some(&rule.id), message)
}

/// Where an error that belongs to no one pack is said to be.
const ALL_PACKS: &str = "<all packs>";

impl Engine {
    /// Compile packs (already merged) into one engine.
    /// The built-in packs (`rules/`, embedded in the binary), compiled: what `postlint check`
    /// uses with no options. Compiling takes tens of milliseconds: build one and keep it.
    pub fn builtin() -> Result<Engine, Error> {
        Engine::new(&crate::pack::merge(crate::pack::builtin::builtin_packs()?)?)
    }

    pub fn new(packs: &[Pack]) -> Result<Engine, Error> {
        Engine::with_selection(packs, &Selection::default())
    }

    /// Compile packs (already merged) as a run's selection says: rules it switches off run
    /// as signals (co-occurrence rules built on them keep working), severities are its
    /// overrides, and its allow list cancels findings like any pack-level allow list. The
    /// packs themselves are not changed.
    pub fn with_selection(packs: &[Pack], selection: &Selection) -> Result<Engine, Error> {
        let mut switched_off = Vec::new();
        let rules: Vec<Rule> = packs
            .iter()
            .flat_map(|p| &p.rules)
            .map(|rule| {
                let mut compiled = rule.clone();
                if !rule.signal && !selection.reports(rule) {
                    compiled.signal = true;
                    switched_off.push(rule.id.clone());
                }
                compiled.severity = selection.severity_of(rule);
                compiled
            })
            .collect();
        switched_off.sort();
        let blocks_none =
            packs.iter().flat_map(|p| &p.rules).map(|rule| rule.signal || selection.reports(rule)).collect();
        let allow_defs: Vec<_> =
            packs.iter().flat_map(|p| p.allows.iter().cloned()).chain(selection.allow_list()).collect();

        let mut by_name: HashMap<&str, Vec<&str>> = HashMap::new();
        for pack in packs {
            for (name, words) in &pack.lists {
                by_name.entry(name).or_default().push(words);
            }
        }
        let lists: HashMap<String, WordSet> =
            by_name.into_iter().map(|(name, words)| (name.to_string(), WordSet::new(words))).collect();

        let mut term_specs = Vec::new();
        let mut term_owner = Vec::new();
        let mut pattern_src: Vec<(String, bool)> = Vec::new();
        let mut pattern_owner = Vec::new();
        let mut add_pattern = |src: &str, case_sensitive: bool, owner: Owner| {
            pattern_src.push((src.to_string(), case_sensitive));
            pattern_owner.push(owner);
        };
        for (i, rule) in rules.iter().enumerate() {
            for t in rule.terms() {
                term_specs.push(TermSpec { text: t.clone(), fuzzy: rule.normalize, masks: rule.masks });
                term_owner.push(Owner::Rule(i));
            }
            // Exceptions read the same view of the text as the terms they refine.
            for t in &rule.allow.terms {
                term_specs.push(TermSpec { text: t.clone(), fuzzy: rule.normalize, masks: false });
                term_owner.push(Owner::RuleAllow(i));
            }
            if let Some(p) = rule.pattern() {
                add_pattern(&p.value, rule.case_sensitive, Owner::Rule(i));
            }
            for p in &rule.allow.patterns {
                add_pattern(&p.value, rule.case_sensitive, Owner::RuleAllow(i));
            }
            for list in rule.lists.values() {
                if !lists.contains_key(list_name(list).0) {
                    let at = rule.pattern().map(|p| (p.line, p.column));
                    let why = format!("unknown word list `{list}` (define it under [lists])");
                    return Err(crate::pack::error(&rule.source, at, Some(&rule.id), why));
                }
            }
        }
        for (i, allow) in allow_defs.iter().enumerate() {
            // Pack-level allow terms must cancel exact and obfuscation-tolerant matches alike.
            for t in &allow.matcher.terms {
                for fuzzy in [false, true] {
                    term_specs.push(TermSpec { text: t.clone(), fuzzy, masks: false });
                    term_owner.push(Owner::Allow(i));
                }
            }
            for p in &allow.matcher.patterns {
                add_pattern(&p.value, allow.case_sensitive, Owner::Allow(i));
            }
        }
        // The term automaton and the prefilter are the two big pieces of start-up and do not
        // depend on each other: build them side by side.
        let sources: Vec<(&str, bool)> = pattern_src.iter().map(|(source, cs)| (source.as_str(), *cs)).collect();
        let (terms, prefilter) =
            crate::join::join(|| TermMatcher::new(&term_specs), || Prefilter::new(&sources, REGEX_SET_SIZE_LIMIT));
        let terms = terms.map_err(|e| crate::pack::error(ALL_PACKS, None, None, e))?;
        let prefilter = prefilter.map_err(|(index, message)| match index.map(|i| pattern_owner[i]) {
            Some(Owner::Rule(r) | Owner::RuleAllow(r)) => {
                crate::pack::error(&rules[r].source, None, Some(&rules[r].id), message)
            }
            Some(Owner::Allow(a)) => crate::pack::error(&allow_defs[a].source, None, Some(&allow_defs[a].id), message),
            None => crate::pack::error(ALL_PACKS, None, None, message),
        })?;
        let patterns = pattern_src
            .into_iter()
            .map(|(source, case_sensitive)| LazyRegex { source, case_sensitive, compiled: OnceLock::new() })
            .collect();

        let (windows, phrase_lists) = compile_windows(packs, &rules)?;
        let combos = compile_combos(&rules)?;
        let unless = compile_selectors(&rules, "unless", |r| &r.unless, false)?;
        // A `when` rule's findings come from the rules it selects: clearing those clears it.
        let clears = compile_selectors(&rules, "clears", |r| &r.clears, true)?;
        let scorers = scorer::Scorers::new(packs, &rules, &allow_defs)?;
        let allows: Vec<CompiledAllow> = allow_defs
            .iter()
            .map(|a| CompiledAllow {
                id: a.id.clone(),
                applies_to: a.applies_to.clone(),
                examples_pass: a.examples_pass.clone(),
                source: a.source.clone(),
            })
            .collect();
        let allows_for_rule: Vec<Vec<usize>> = rules
            .iter()
            .map(|r| {
                allows
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| applies_to(&a.applies_to, &r.id, &r.category))
                    .map(|(i, _)| i)
                    .collect()
            })
            .collect();
        let allow_applies_to_score: Vec<bool> =
            (0..allows.len()).map(|a| scorers.rule_indices().any(|r| allows_for_rule[r].contains(&a))).collect();
        Ok(Engine {
            rules,
            switched_off,
            blocks_none,
            allows,
            terms,
            term_owner,
            prefilter,
            patterns,
            pattern_owner,
            lists,
            windows,
            phrase_lists,
            combos,
            unless,
            clears,
            allow_applies_to_score,
            allows_for_rule,
            scorers,
        })
    }

    /// Every loaded rule, in pack order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Ids of the rules the run's selection switched off (`--select`/`--ignore`), sorted.
    pub fn switched_off(&self) -> &[String] {
        &self.switched_off
    }

    /// Ids of the pack-level allow lists.
    pub fn allow_ids(&self) -> impl Iterator<Item = &str> {
        self.allows.iter().map(|a| a.id.as_str())
    }

    /// Check one post. Findings are sorted by position, then rule id.
    pub fn check(&self, text: &str) -> Vec<Finding> {
        self.check_inner(text, false, &|_, _| false)
    }

    /// Like `check`, but also returns signal rules' matches and the findings a co-occurrence
    /// rule replaced (for testing rule examples: did this rule fire at all?).
    pub fn check_with_signals(&self, text: &str) -> Vec<Finding> {
        self.check_inner(text, true, &|_, _| false)
    }

    /// Like `check`, but the matches `silenced` names (a rule and its span) are dropped before
    /// co-occurrence rules look at the post: a suppressed date is then no clue either.
    pub fn check_silencing(&self, text: &str, silenced: impl Fn(&Rule, Span) -> bool) -> Vec<Finding> {
        self.check_inner(text, false, &silenced)
    }

    fn check_inner(&self, text: &str, keep_signals: bool, silenced: &dyn Fn(&Rule, Span) -> bool) -> Vec<Finding> {
        let mut cands: Vec<Candidate> = Vec::new();
        let mut rule_allows: Vec<(usize, Span)> = Vec::new();
        let mut pack_allows: Vec<(usize, Span)> = Vec::new();
        let mut sort_hit = |owner: Owner, span: Span, cands: &mut Vec<Candidate>| match owner {
            Owner::Rule(r) => cands.push(Candidate { rule: r, span }),
            Owner::RuleAllow(r) => rule_allows.push((r, span)),
            Owner::Allow(a) => pack_allows.push((a, span)),
        };
        for hit in self.terms.find(text) {
            sort_hit(self.term_owner[hit.term], hit.span, &mut cands);
        }
        // One prefilter pass says which patterns can match; only those run, each on its own.
        // Allow patterns can only cancel candidates of the rules they apply to, so they wait
        // until every rule pattern has run and are skipped when no such rule has one (most
        // posts match few rules; an allow without prefilter keywords, or a whole-post one with
        // an everyday keyword, would otherwise run on every post it admits). A pack-level list
        // that applies to a score rule always runs: a scorer speaks only later.
        // Their keyword checks wait too (`Prefilter::confirm`).
        let is_allow = |idx: usize| matches!(self.pattern_owner[idx], Owner::RuleAllow(_) | Owner::Allow(_));
        let candidates = self.prefilter.candidates(text, &is_allow);
        let mut allow_patterns: Vec<(usize, bool)> = candidates.deferred.iter().map(|&idx| (idx, false)).collect();
        for idx in candidates.found {
            if is_allow(idx) {
                allow_patterns.push((idx, true));
                continue;
            }
            let owner = self.pattern_owner[idx];
            self.run_pattern(idx, text, &mut |span| sort_hit(owner, span, &mut cands));
        }
        if !allow_patterns.is_empty() {
            let mut has_candidate = vec![false; self.rules.len()];
            let mut allow_needed = self.allow_applies_to_score.clone();
            for c in &cands {
                has_candidate[c.rule] = true;
                for &a in &self.allows_for_rule[c.rule] {
                    allow_needed[a] = true;
                }
            }
            // In pattern order, as the prefilter gave them before checks were deferred.
            allow_patterns.sort_unstable();
            for (idx, checked) in allow_patterns {
                let owner = self.pattern_owner[idx];
                let needed = match owner {
                    Owner::RuleAllow(r) => has_candidate[r],
                    Owner::Allow(a) => allow_needed[a],
                    Owner::Rule(_) => unreachable!("rule patterns ran in the first pass"),
                };
                if needed && (checked || self.prefilter.confirm(idx, text)) {
                    self.run_pattern(idx, text, &mut |span| sort_hit(owner, span, &mut cands));
                }
            }
        }

        // Split into words only when a candidate has a context window to check.
        let mut words = context::Words::new(text);
        // Allow spans by start, so each candidate looks only at those that can cover it (a
        // scan of every allow span per candidate is quadratic on a long post).
        rule_allows.sort_unstable_by_key(|(_, s)| s.start);
        pack_allows.sort_unstable_by_key(|(_, s)| s.start);
        let longest = |allows: &[(usize, Span)]| allows.iter().map(|(_, s)| s.end - s.start).max().unwrap_or(0);
        let (rule_longest, pack_longest) = (longest(&rule_allows), longest(&pack_allows));
        fn may_cover(allows: &[(usize, Span)], longest: usize, span: Span) -> &[(usize, Span)] {
            let from = allows.partition_point(|(_, s)| s.start + longest < span.end);
            let to = allows.partition_point(|(_, s)| s.start <= span.start);
            &allows[from.min(to)..to]
        }
        // A pack-level allow list that applies to the rule and covers the finding cancels it.
        let pack_allowed = |c: &Candidate| {
            may_cover(&pack_allows, pack_longest, c.span)
                .iter()
                .any(|(a, s)| s.covers(&c.span) && self.allows_for_rule[c.rule].contains(a))
        };
        let mut cleared: Vec<(usize, Span)> = Vec::new();
        cands.retain(|c| {
            if silenced(&self.rules[c.rule], c.span) {
                return false;
            }
            let mut clear = |c: &Candidate| {
                cleared.push((c.rule, c.span));
                false
            };
            if let (Some(window), Some(ctx)) = (&self.windows[c.rule], &self.rules[c.rule].context) {
                let words = words.around(c.span, ctx.window);
                if !window.accepts(ctx, words, c.span, &self.phrase_lists) {
                    return clear(c);
                }
            }
            let own =
                may_cover(&rule_allows, rule_longest, c.span).iter().any(|(r, s)| *r == c.rule && s.covers(&c.span));
            if own || pack_allowed(c) { clear(c) } else { true }
        });
        // A name or number the post shows once to be no patient's (Ms. Johnson, our unit
        // secretary) is the same person's or thing's wherever the same rule finds the same text
        // again in the post ("Ms. Johnson, you ARE this unit"). So is a word shown once to be a
        // name or a place (Richard 'Dick' Hollingsworth ... like Dick), but only written the same
        // way: 'Hell, Michigan' clears 'Hell', not 'hell'. Phi text is compared in lower case.
        // A rule's `clears` hands its text to other rules the same way: "my preceptor Jenna"
        // clears "Thank you Jenna".
        for (rule, selected) in &self.clears {
            for c in cands.iter().filter(|c| c.rule == *rule) {
                cleared.extend(selected.iter().map(|&r| (r, c.span)));
            }
        }
        if !cleared.is_empty() {
            let key = |rule: usize, span: Span| {
                let found = &text[span.start..span.end];
                (rule, if self.rules[rule].category == "phi" { found.to_lowercase() } else { found.to_string() })
            };
            let mut cleared_keys: HashSet<(usize, String)> = HashSet::new();
            for (r, s) in cleared {
                // A name of several words clears each of its capitalised words found alone: in
                // lower case for phi, as written for the name shapes the story rules build on.
                match self.rules[r].category.as_str() {
                    "phi" => cleared_keys.extend(name_parts(&text[s.start..s.end]).map(|w| (r, w.to_lowercase()))),
                    "shape" => cleared_keys.extend(name_parts(&text[s.start..s.end]).map(|w| (r, w.to_string()))),
                    _ => {}
                }
                cleared_keys.insert(key(r, s));
            }
            cands.retain(|c| !cleared_keys.contains(&key(c.rule, c.span)));
        }

        // One finding per rule per stretch of text: keep the earliest, longest match.
        cands.sort_by_key(|c| (c.rule, c.span.start, std::cmp::Reverse(c.span.end)));
        let mut kept: Vec<Candidate> = Vec::with_capacity(cands.len());
        for c in cands {
            if let Some(last) = kept.last()
                && last.rule == c.rule
                && last.span.overlaps(&c.span)
            {
                continue;
            }
            kept.push(c);
        }

        // A score rule reads the whole post; an allow list covering the post cancels it too.
        // `asked` keeps each model's probability for this post: the allow lists below that ask
        // the same model (the patient-post model's) use it rather than read the post again.
        let mut asked: Vec<(usize, Option<f64>)> = Vec::new();
        kept.extend(
            self.score_candidates(text, &mut asked)
                .into_iter()
                .filter(|c| !silenced(&self.rules[c.rule], c.span) && !pack_allowed(c)),
        );
        // A rule's `unless` drops its findings from a post where a rule it selects speaks
        // (blocking as `when.none` does: not a rule the run switched off).
        if !self.unless.is_empty() {
            // One flag per rule: the `unless` lists are long, and hashing each of their rules
            // on every post was ~3 % of a batch.
            let mut spoke = vec![false; self.rules.len()];
            for c in kept.iter().filter(|c| self.blocks_none[c.rule]) {
                spoke[c.rule] = true;
            }
            let mut dropped = vec![false; self.rules.len()];
            for (rule, selected) in &self.unless {
                if selected.iter().any(|&r| spoke[r]) {
                    dropped[*rule] = true;
                }
            }
            kept.retain(|c| !dropped[c.rule]);
        }

        // `all` and `any` are judged on the findings of the rules without `when`, before any
        // replacement, so one combination never hides the findings another is built on.
        // `none` also sees the combinations that fired before: `combos` is ordered so that
        // every `when` rule a `none` selects has been judged already. Only findings the user
        // will see block, and the frames packs declare as signals; a rule switched off (which
        // runs as a signal) does not.
        let mut extra_messages: HashMap<usize, String> = HashMap::new();
        let mut replaced: HashSet<usize> = HashSet::new();
        let mut fired: Vec<Candidate> = Vec::new();
        let by_position = ByPosition::new(&kept);
        for combo in &self.combos {
            if kept.iter().chain(&fired).any(|c| combo.none.contains(&c.rule) && self.blocks_none[c.rule]) {
                continue;
            }
            let first_of = |group: &[usize]| {
                kept.iter().chain(&fired).filter(|c| group.contains(&c.rule)).min_by_key(|c| c.span.start).copied()
            };
            let all: Option<Vec<Candidate>> = combo.all.iter().map(|g| first_of(g)).collect();
            let Some(all) = all else { continue };
            let any: Vec<Candidate> = combo.any.iter().filter_map(|g| first_of(g)).collect();
            if any.len() < combo.min_any {
                continue;
            }
            // The finding sits on what the rule is about (its `all` findings), else on the earliest.
            let anchor = match all.iter().min_by_key(|c| c.span.start) {
                Some(a) => *a,
                None => match any.iter().min_by_key(|c| c.span.start) {
                    Some(a) => *a,
                    None => continue,
                },
            };
            // Name everything in the post that the selectors cover, not just the first of each.
            // Combinations judged before count too (a town reported by phi.city.gazetteer),
            // unless the run switched them off or a comment silences them.
            let mut contributing: Vec<&Candidate> = kept
                .iter()
                .chain(fired.iter().filter(|c| self.blocks_none[c.rule] && !silenced(&self.rules[c.rule], c.span)))
                .filter(|c| combo.all.iter().chain(&combo.any).any(|g| g.contains(&c.rule)))
                .collect();
            contributing.sort_by_key(|c| (!combo.all.iter().any(|g| g.contains(&c.rule)), c.span.start));
            let mut labels: Vec<&str> = Vec::new();
            for c in contributing {
                let label = self.rules[c.rule].label.as_str();
                if !label.is_empty() && !labels.contains(&label) {
                    labels.push(label);
                }
            }
            // The combination replaces the findings it is built on that it names in `all`.
            replaced.extend(combo.all.iter().flatten().copied());
            extra_messages.insert(combo.rule, labels.join(", "));
            if combo.each {
                // A token another rule of the same category already reports at least as
                // severely (a phone, a ZIP) is one problem: that rule's more specific finding
                // stands alone. A milder one (a personal email's warning) gives way to this.
                let category = &self.rules[combo.rule].category;
                let severity = self.rules[combo.rule].severity;
                let reported = |span: &Span| {
                    by_position.around(span.start, span.end).any(|k| {
                        let r = &self.rules[k.rule];
                        !r.signal && r.category == *category && r.severity >= severity && k.span.overlaps(span)
                    })
                };
                let group = &combo.all[0];
                // With `near`: enough `any` groups have a finding within that many words.
                let close = |span: &Span| {
                    combo.near.is_none_or(|n| {
                        let (lo, hi) = near_bounds(text, span, n);
                        let near_group = |g: &Vec<usize>| {
                            by_position
                                .around(lo, hi)
                                .any(|k| g.contains(&k.rule) && words_between(text, span, &k.span) <= n)
                        };
                        combo.any.iter().filter(|g| near_group(g)).count() >= combo.min_any
                    })
                };
                fired.extend(
                    kept.iter()
                        .filter(|c| group.contains(&c.rule) && !reported(&c.span) && close(&c.span))
                        .map(|c| Candidate { rule: combo.rule, span: c.span }),
                );
            } else {
                fired.push(Candidate { rule: combo.rule, span: anchor.span });
            }
        }
        // Example tests ask whether a rule fired at all, so they keep what a combination replaced.
        if !keep_signals {
            kept.retain(|c| !replaced.contains(&c.rule));
        }
        kept.extend(fired);
        extra_messages.extend(self.drop_covered_scores(text, &mut kept));
        // An allow list that asks a model judges the report, not the evidence: where the model
        // reads the post below its threshold, it cancels the findings of the rules it applies
        // to once every combination has been judged, so what those findings supported (an
        // identifier in a patient's story) still stands. Each model is asked once per post (lists
        // and score rules that share a model share its answer), and only when such a finding is
        // there or a score rule asked it.
        kept.retain(|c| !self.allows_for_rule[c.rule].iter().any(|&a| self.scorers.allow_covers(a, text, &mut asked)));
        if !keep_signals {
            self.keep_one_finding_per_problem(&mut kept);
        }

        // Positions in ascending order, so line/column come from one pass over the text.
        kept.sort_by_key(|c| c.span.start);
        let mut lines = LineCounter::new(text);
        let mut findings: Vec<Finding> = kept
            .into_iter()
            .filter(|c| keep_signals || !self.rules[c.rule].signal)
            .map(|c| {
                let rule = &self.rules[c.rule];
                let (line, column) = lines.at(c.span.start);
                let found = extra_messages.get(&c.rule).map_or("", String::as_str);
                Finding {
                    rule: rule.id.clone(),
                    category: rule.category.clone(),
                    severity: rule.severity,
                    message: rule.message.replace("{found}", found),
                    help: rule.help.clone(),
                    span: c.span,
                    line,
                    column,
                    matched: text[c.span.start..c.span.end].to_string(),
                }
            })
            .collect();
        findings.sort_by(|a, b| (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule)));
        findings
    }

    /// One problem, one finding: where several reported rules of one category found the same
    /// or overlapping text (`phi.ssn` and `phi.ssn.labelled`; `phi.identifier` and
    /// `phi.identifier.named`; an NHS number with and without its label), only the most severe
    /// is kept, and of those the one that covers most (an address over the ZIP at its end), then
    /// the most specific (the longest id, then pack order). Overlapping findings form one
    /// stretch of text; each stretch keeps one. Matching rules are compared
    /// with matching rules and `when` rules with `when` rules: a combination that names the
    /// finding it is built on says something more.
    fn keep_one_finding_per_problem(&self, kept: &mut Vec<Candidate>) {
        type Rank = (Severity, usize, usize, std::cmp::Reverse<usize>);
        let rank = |c: &Candidate| -> Rank {
            let r = &self.rules[c.rule];
            (r.severity, c.span.end - c.span.start, r.id.len(), std::cmp::Reverse(c.rule))
        };
        let kind = |c: &Candidate| {
            let r = &self.rules[c.rule];
            (r.category.as_str(), r.when().is_some())
        };
        // Reported candidates by kind, then position: overlapping neighbours are one stretch.
        let mut order: Vec<usize> = (0..kept.len()).filter(|&i| !self.rules[kept[i].rule].signal).collect();
        order.sort_by_key(|&i| (kind(&kept[i]), kept[i].span.start, kept[i].span.end));
        let mut drop = vec![false; kept.len()];
        let mut stretch: Vec<usize> = Vec::new();
        let mut stretch_end = 0;
        let close = |stretch: &mut Vec<usize>, drop: &mut Vec<bool>| {
            if let Some(&best) = stretch.iter().max_by_key(|&&i| rank(&kept[i])) {
                stretch.iter().filter(|&&i| i != best).for_each(|&i| drop[i] = true);
            }
            stretch.clear();
        };
        for &i in &order {
            let c = &kept[i];
            let same = stretch.last().is_some_and(|&j| kind(&kept[j]) == kind(c) && c.span.start < stretch_end);
            if !same {
                close(&mut stretch, &mut drop);
                stretch_end = 0;
            }
            stretch.push(i);
            stretch_end = stretch_end.max(c.span.end);
        }
        close(&mut stretch, &mut drop);
        let mut flags = drop.into_iter();
        kept.retain(|_| !flags.next().unwrap_or(false));
    }

    /// Run one pattern over the text, passing each accepted match's span to `hit`. When a
    /// validator or word list rejects a match, search again one character after where it
    /// started: the rejected match may have swallowed a real one ("implant serial number
    /// AB12-3456" first matches "serial" + "number").
    fn run_pattern(&self, idx: usize, text: &str, hit: &mut dyn FnMut(Span)) {
        let owner = self.pattern_owner[idx];
        let Some(regex) = self.patterns[idx].get() else { return };
        let mut at = 0;
        while let Some((whole, accepted)) = self.next_match(owner, regex, text, at) {
            let resume = match accepted {
                Some(span) => {
                    hit(span);
                    whole.end().max(next_char(text, whole.start()))
                }
                None => next_char(text, whole.start()),
            };
            if resume > text.len() {
                break;
            }
            at = resume;
        }
    }

    /// The next match of a pattern from `at` on, and the span it reports if its rule accepts
    /// it. Capture groups are asked for only when the rule reads one (a report group, a word
    /// list): finding the whole match alone is cheaper, and most candidates match nowhere.
    fn next_match<'t>(
        &self,
        owner: Owner,
        regex: &Regex,
        text: &'t str,
        at: usize,
    ) -> Option<(regex::Match<'t>, Option<Span>)> {
        let reads_groups =
            matches!(owner, Owner::Rule(r) if self.rules[r].report_group.is_some() || !self.rules[r].lists.is_empty());
        if reads_groups {
            let caps = regex.captures_at(text, at)?;
            let whole = caps.get(0)?;
            return Some((whole, self.accept(owner, whole, |g| caps.name(g))));
        }
        let whole = regex.find_at(text, at)?;
        Some((whole, self.accept(owner, whole, |_| None)))
    }

    /// Apply a rule pattern's report group, validator and word lists to one match (`group`
    /// gives a named capture group of it).
    fn accept<'t>(
        &self,
        owner: Owner,
        whole: regex::Match<'t>,
        group: impl Fn(&str) -> Option<regex::Match<'t>>,
    ) -> Option<Span> {
        let Owner::Rule(r) = owner else {
            return Some(Span::new(whole.start(), whole.end()));
        };
        let rule = &self.rules[r];
        let reported = match &rule.report_group {
            Some(g) => group(g)?,
            None => whole,
        };
        if reported.is_empty() {
            return None;
        }
        if let Some(v) = rule.validate
            && !v.accepts(reported.as_str())
        {
            return None;
        }
        for (name, list) in &rule.lists {
            let (list, negated) = list_name(list);
            if let Some(m) = group(name)
                && self.lists.get(list).is_some_and(|words| words.contains(m.as_str())) == negated
            {
                return None;
            }
        }
        Some(Span::new(reported.start(), reported.end()))
    }

    /// Highest severity among findings, if any.
    pub fn worst(findings: &[Finding]) -> Option<Severity> {
        findings.iter().map(|f| f.severity).max()
    }
}

/// A full name shown to be no patient's (Mr Kwame Asante, our new consultant) is the same
/// person when a later sentence uses part of it (Mr Asante specialises in ...): the capitalised
/// words of three letters or more of a cleared text of two or more words (the caller lower-cases
/// them for phi, as phi text is compared, and keeps them as written for name shapes).
fn name_parts(found: &str) -> impl Iterator<Item = &str> + '_ {
    let several = found.split_whitespace().nth(1).is_some();
    found
        .split_whitespace()
        .filter(move |_| several)
        .map(|w| w.trim_matches(|ch: char| !ch.is_alphabetic()))
        .filter(|w| w.chars().count() >= 3 && w.chars().next().is_some_and(char::is_uppercase))
}

/// A rule's `lists` entry as (list name, negated): `"!english_words"` asks that the group's text
/// is *not* in the list (a capitalised word that is no everyday word).
fn list_name(entry: &str) -> (&str, bool) {
    entry.strip_prefix('!').map_or((entry, false), |name| (name, true))
}

/// Every rule's context window, with `@name` references resolved to the named phrase lists
/// of all packs (merged by name). Phrases are split into words on first use, not here.
type Windows = (Vec<Option<context::Window>>, Vec<context::PhraseList>);
fn compile_windows(packs: &[Pack], rules: &[Rule]) -> Result<Windows, Error> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut lists: Vec<context::PhraseList> = Vec::new();
    for pack in packs {
        for (name, phrases) in &pack.phrases {
            let at = *index.entry(name).or_insert_with(|| {
                lists.push(context::PhraseList::default());
                lists.len() - 1
            });
            lists[at].extend(phrases);
        }
    }
    let resolve = |rule: &Rule, cues: &crate::pack::Cues| -> Result<Vec<usize>, Error> {
        cues.lists
            .iter()
            .map(|name| {
                index.get(name.value.as_str()).copied().ok_or_else(|| {
                    let why = format!("unknown phrase list `@{}` (define it under [phrases])", name.value);
                    pack_error(rule, name.line, name.column, why)
                })
            })
            .collect()
    };
    let windows = rules
        .iter()
        .map(|rule| match &rule.context {
            Some(c) => Ok(Some(context::Window::new(resolve(rule, &c.require)?, resolve(rule, &c.forbid)?))),
            None => Ok(None),
        })
        .collect::<Result<_, Error>>()?;
    Ok((windows, lists))
}

/// Candidates by start, so that a question about the candidates near one span (which
/// overlap it, which lie within N words) looks only there: a scan of every candidate per
/// finding is quadratic on a long post (a 200 KB post spent 77% of its time so).
struct ByPosition {
    sorted: Vec<Candidate>,
    longest: usize,
}

impl ByPosition {
    fn new(candidates: &[Candidate]) -> ByPosition {
        let mut sorted = candidates.to_vec();
        sorted.sort_unstable_by_key(|c| c.span.start);
        let longest = sorted.iter().map(|c| c.span.end - c.span.start).max().unwrap_or(0);
        ByPosition { sorted, longest }
    }

    /// Every candidate that starts at or before `hi` and ends at or after `lo` (and maybe a
    /// few more): callers apply their exact test to these.
    fn around(&self, lo: usize, hi: usize) -> impl Iterator<Item = &Candidate> {
        let from = self.sorted.partition_point(|c| c.span.start + self.longest < lo);
        let to = self.sorted.partition_point(|c| c.span.start <= hi);
        self.sorted[from.min(to)..to].iter()
    }
}

/// Where a span's `n`-word neighbourhood ends on each side, as `words_between` counts words:
/// a span that starts after `span` is within `n` words only if it starts at or before `hi`,
/// one that ends before it only if it ends at or after `lo`.
fn near_bounds(text: &str, span: &Span, n: usize) -> (usize, usize) {
    let limit = n.saturating_add(1);
    let mut hi = text.len();
    let mut runs = 0;
    let mut in_run = false;
    for (i, c) in text.get(span.end..).unwrap_or("").char_indices() {
        let word = c.is_alphanumeric();
        if word && !in_run {
            runs += 1;
            if runs == limit {
                hi = span.end + i;
                break;
            }
        }
        in_run = word;
    }
    let mut lo = 0;
    (runs, in_run) = (0, false);
    for (i, c) in text.get(..span.start).unwrap_or("").char_indices().rev() {
        let word = c.is_alphanumeric();
        if word && !in_run {
            runs += 1;
            if runs == limit {
                lo = i + c.len_utf8();
                break;
            }
        }
        in_run = word;
    }
    (lo, hi)
}

/// How many words lie between two spans of `text` (0 when they touch or overlap): words as
/// context windows count them, runs of letters and digits.
fn words_between(text: &str, a: &Span, b: &Span) -> usize {
    let (from, to) = if a.end <= b.start {
        (a.end, b.start)
    } else if b.end <= a.start {
        (b.end, a.start)
    } else {
        return 0;
    };
    text.get(from..to)
        .map_or(usize::MAX, |gap| gap.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).count())
}

/// The rules a selector of `rule` (in `when` or `unless`) names: never the rule itself.
fn selected_by(rules: &[Rule], rule: &Rule, selector: &str) -> Vec<usize> {
    rules
        .iter()
        .enumerate()
        .filter(|(_, r)| r.id != rule.id && selects(selector, &r.id, &r.category))
        .map(|(i, _)| i)
        .collect()
}

/// Resolve the `unless` (or `clears`) selectors of the rules that have them to rule indices.
/// They name rules without `when`: those are judged after both apply, so their findings are
/// not known yet. `skip_when` leaves out the `when` rules a selector also covers (`clears`);
/// otherwise selecting one is an error (`unless`).
fn compile_selectors(
    rules: &[Rule],
    key: &str,
    selectors: impl Fn(&Rule) -> &Vec<crate::pack::Located<String>>,
    skip_when: bool,
) -> Result<Vec<(usize, Vec<usize>)>, Error> {
    rules
        .iter()
        .enumerate()
        .filter(|(_, rule)| !selectors(rule).is_empty())
        .map(|(i, rule)| {
            let mut selected = Vec::new();
            for sel in selectors(rule) {
                let mut hits = selected_by(rules, rule, &sel.value);
                let when_rule = hits.iter().copied().find(|&h| rules[h].when().is_some());
                if skip_when {
                    hits.retain(|&h| rules[h].when().is_none());
                }
                let why = if let Some(h) = when_rule.filter(|_| !skip_when || hits.is_empty()) {
                    Some(format!(
                        "`{key}` selector `{}` selects `{}`, a `when` rule: `{key}` can only name rules that match text",
                        sel.value, rules[h].id
                    ))
                } else if hits.is_empty() {
                    Some(format!("`{key}` selector `{}` matches no rule", sel.value))
                } else {
                    None
                };
                if let Some(why) = why {
                    return Err(pack_error(rule, sel.line, sel.column, why));
                }
                selected.extend(hits);
            }
            Ok((i, selected))
        })
        .collect()
}

/// Resolve every `when` rule's selectors to rule indices, and order the rules so that each
/// comes after the `when` rules it selects (ties in pack order). A cycle would leave no order
/// to judge them in: it is an error.
fn compile_combos(rules: &[Rule]) -> Result<Vec<Combo>, Error> {
    let resolve = |rule: &Rule, selectors: &[crate::pack::Located<String>]| -> Result<Vec<Vec<usize>>, Error> {
        selectors
            .iter()
            .map(|sel| {
                let hits = selected_by(rules, rule, &sel.value);
                if hits.is_empty() {
                    let why = format!("`when` selector `{}` matches no rule", sel.value);
                    Err(pack_error(rule, sel.line, sel.column, why))
                } else {
                    Ok(hits)
                }
            })
            .collect()
    };
    let mut pending = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        if let Some(w) = rule.when() {
            pending.push(Combo {
                rule: i,
                all: resolve(rule, &w.all)?,
                any: resolve(rule, &w.any)?,
                none: resolve(rule, &w.none)?.into_iter().flatten().collect(),
                min_any: w.min_any,
                each: w.each,
                near: w.near,
            });
        }
    }
    let mut ordered: Vec<Combo> = Vec::with_capacity(pending.len());
    while !pending.is_empty() {
        let selected = |c: &Combo| c.all.iter().chain(&c.any).flatten().chain(&c.none).copied().collect::<Vec<_>>();
        let waits = |c: &Combo| selected(c).iter().any(|r| pending.iter().any(|p| p.rule == *r));
        let Some(next) = pending.iter().position(|c| !waits(c)) else {
            let stuck = &rules[pending[0].rule];
            let why = "`when` selectors form a cycle (each of these `when` rules waits for another): ".to_string()
                + &pending.iter().map(|c| rules[c.rule].id.as_str()).collect::<Vec<_>>().join(", ");
            let at = stuck.when().and_then(|w| w.none.first()).map(|s| (s.line, s.column));
            return Err(crate::pack::error(&stuck.source, at, Some(&stuck.id), why));
        };
        ordered.push(pending.remove(next));
    }
    Ok(ordered)
}

/// Byte offset of the character after the one starting at `at` (or past the end).
fn next_char(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(at + 1, |c| at + c.len_utf8())
}

#[cfg(test)]
mod tests;
