//! Learned scorers: a pack's `[model.name]` weights compiled for lookup, and the `score`
//! rules that ask them whether a whole post reads like what they were trained on.
//!
//! A model is a logistic regression over the post's words (`tokens`) and pairs of adjacent
//! words. Its training script (`scripts/train_story_scorer.py`) reads text the same way;
//! change one and the other must follow.

use super::fasthash::FxHashMap;
use super::{Candidate, Engine, pack_error};
use crate::error::Error;
use crate::finding::Span;
use crate::pack::{Allow, Pack, Rule, Score};
use std::collections::HashMap;

/// How many of the features that weighed most a finding names.
const EXPLAINED: usize = 3;

/// One model, ready to score posts.
#[derive(Debug)]
pub(super) struct Model {
    bias: f64,
    /// The fewest words a post needs for a verdict (`pack::Model::min_words`).
    min_words: usize,
    /// Feature (`"night"`, `"last night"`) -> (its index, its weight). Looked up some eighty
    /// times a post, where the default SipHash was most of the scorer's cost; the keys are
    /// the model's own features, so no post can choose collisions.
    weights: FxHashMap<String, (u32, f64)>,
}

/// A rule that asks a model, with the threshold it fires at.
#[derive(Debug)]
struct ScoreRule {
    rule: usize,
    model: usize,
    threshold: f64,
}

/// Every model of every pack, and the rules and allow lists that use them.
#[derive(Debug, Default)]
pub(super) struct Scorers {
    models: Vec<Model>,
    rules: Vec<ScoreRule>,
    /// By allow list: the model and the threshold below which it covers the whole post.
    allows: Vec<Option<(usize, f64)>>,
}

/// A model's verdict on one post.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Scored {
    pub probability: f64,
    /// The features that pushed the score up most, heaviest first, at most `EXPLAINED`, no
    /// two sharing a word (`last night` rather than `night` as well), as the model knows them
    /// with digits shown as `#` (`bay #`, `#am`). Never the post's own text: messages are not
    /// masked, and a number or a name from the post would leak into logs through them.
    pub evidence: Vec<String>,
}

/// The post's words: runs of letters and digits (an apostrophe between two of them kept, the
/// typographic `’` read as `'`), lower-cased, each run of ASCII digits as one `0` (`3am` ->
/// `0am`, `bay 4` -> `bay 0`), with the byte span each came from.
#[cfg(test)]
pub(super) fn tokens(text: &str) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    each_word(text, |span, word| out.push((span, word.to_string())));
    out
}

/// Hand each word of `tokens` to `f` in order, in one reused buffer: the scorer runs on most
/// posts, and a `String` per word was a fifth of its cost.
fn each_word(text: &str, mut f: impl FnMut(Span, &str)) {
    let mut word = String::new();
    let mut chars = text.char_indices().peekable();
    let lower = |word: &mut String, c: char| {
        if c.is_ascii() {
            word.push(c.to_ascii_lowercase());
        } else {
            word.extend(c.to_lowercase());
        }
    };
    while let Some((start, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        word.clear();
        let mut end = start + c.len_utf8();
        let mut last_digit = c.is_ascii_digit();
        if last_digit {
            word.push('0');
        } else {
            lower(&mut word, c);
        }
        while let Some(&(at, next)) = chars.peek() {
            let joins = if next.is_alphanumeric() {
                true
            } else if next == '\'' || next == '’' {
                // An apostrophe stays only between two letters or digits.
                text[at + next.len_utf8()..].chars().next().is_some_and(char::is_alphanumeric)
            } else {
                false
            };
            if !joins {
                break;
            }
            chars.next();
            end = at + next.len_utf8();
            match next {
                '\'' | '’' => {
                    word.push('\'');
                    last_digit = false;
                }
                d if d.is_ascii_digit() => {
                    if !last_digit {
                        word.push('0');
                    }
                    last_digit = true;
                }
                other => {
                    lower(&mut word, other);
                    last_digit = false;
                }
            }
        }
        f(Span::new(start, end), &word);
    }
}

impl Model {
    fn new(def: &crate::pack::Model) -> Model {
        let weights =
            def.weights.iter().enumerate().map(|(i, (feature, w))| (feature.clone(), (i as u32, *w))).collect();
        Model { bias: def.bias, min_words: def.min_words, weights }
    }

    /// The known features of a post (words and pairs of adjacent words), each once, by index,
    /// with their weights and names; and how many words the post has.
    fn features(&self, text: &str) -> (Vec<(u32, f64, &str)>, usize) {
        let mut present: Vec<(u32, f64, &str)> = Vec::new();
        let mut add = |feature: &str| {
            if let Some((known, &(index, weight))) = self.weights.get_key_value(feature) {
                present.push((index, weight, known.as_str()));
            }
        };
        let (mut previous, mut pair) = (String::new(), String::new());
        let mut words = 0;
        each_word(text, |_, word| {
            words += 1;
            add(word);
            if !previous.is_empty() {
                pair.clear();
                pair.push_str(&previous);
                pair.push(' ');
                pair.push_str(word);
                add(&pair);
            }
            previous.clear();
            previous.push_str(word);
        });
        present.sort_unstable_by_key(|(index, _, _)| *index);
        present.dedup_by_key(|(index, _, _)| *index);
        (present, words)
    }

    fn logistic(&self, present: &[(u32, f64, &str)]) -> f64 {
        let z = self.bias + present.iter().map(|(_, w, _)| w).sum::<f64>();
        1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp())
    }

    /// The probability that the post is what the model was trained to find (each feature
    /// counts once per post), or none for a post shorter than the model's `min_words`.
    pub(super) fn probability(&self, text: &str) -> Option<f64> {
        let (present, words) = self.features(text);
        (words >= self.min_words).then(|| self.logistic(&present))
    }

    /// The probability, and the features that weighed most for it (asked for only when a
    /// rule fires: most posts need no explanation).
    pub(super) fn score(&self, text: &str) -> Scored {
        let (mut present, _) = self.features(text);
        let probability = self.logistic(&present);
        // Heaviest first; ties by feature, so the explanation is stable.
        present.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(b.2)));
        let mut chosen: Vec<&str> = Vec::new();
        for (_, weight, feature) in present {
            if chosen.len() == EXPLAINED || weight <= 0.0 {
                break;
            }
            let shares_a_word = |other: &&str| other.split(' ').any(|w| feature.split(' ').any(|f| f == w));
            if !chosen.iter().any(shares_a_word) {
                chosen.push(feature);
            }
        }
        let evidence = chosen.iter().map(|f| f.replace('0', "#")).collect();
        Scored { probability, evidence }
    }
}

impl Scorers {
    /// The indices of the `score` rules.
    pub(super) fn rule_indices(&self) -> impl Iterator<Item = usize> + '_ {
        self.rules.iter().map(|s| s.rule)
    }

    /// Whether allow list `allow` asks a model and that model reads `text` below the list's
    /// threshold: the post is not what the model was trained to find. `asked` holds the
    /// probabilities of the models already asked about this post, so that lists sharing a
    /// model (the patient-post model's two thresholds) ask it once.
    pub(super) fn allow_covers(&self, allow: usize, text: &str, asked: &mut Vec<(usize, Option<f64>)>) -> bool {
        let Some((model, threshold)) = self.allows[allow] else { return false };
        self.probability(model, text, asked).is_some_and(|p| p < threshold)
    }

    /// Model `model`'s probability for `text`, from `asked` when this post has asked it already
    /// (a score rule and an allow list on the patient-post model share one reading of the post).
    fn probability(&self, model: usize, text: &str, asked: &mut Vec<(usize, Option<f64>)>) -> Option<f64> {
        match asked.iter().find(|(m, _)| *m == model) {
            Some(&(_, p)) => p,
            None => {
                let p = self.models[model].probability(text);
                asked.push((model, p));
                p
            }
        }
    }

    /// Compile every pack's models and resolve each `score` rule's and allow list's model by
    /// name. A model name defined by two packs, or a reference to a model no pack defines, is
    /// an error.
    pub(super) fn new(packs: &[Pack], rules: &[Rule], allows: &[Allow]) -> Result<Scorers, Error> {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut models = Vec::new();
        let mut thresholds = Vec::new();
        for pack in packs {
            for (name, def) in &pack.models {
                if index.insert(name, models.len()).is_some() {
                    let why = format!("model `{name}` is defined in more than one pack");
                    return Err(crate::pack::error(&pack.source, None, None, why));
                }
                models.push(Model::new(def));
                thresholds.push(def.threshold);
            }
        }
        let unknown = |score: &Score| {
            format!("unknown model `{}` (define it under [model.{}])", score.model.value, score.model.value)
        };
        let mut scored = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            let Some(score) = rule.score() else { continue };
            let Some(&model) = index.get(score.model.value.as_str()) else {
                return Err(pack_error(rule, score.model.line, score.model.column, unknown(score)));
            };
            scored.push(ScoreRule { rule: i, model, threshold: score.threshold.unwrap_or(thresholds[model]) });
        }
        let mut allow_models = Vec::with_capacity(allows.len());
        for allow in allows {
            let Some(score) = &allow.score else {
                allow_models.push(None);
                continue;
            };
            let Some(&model) = index.get(score.model.value.as_str()) else {
                let at = Some((score.model.line, score.model.column));
                return Err(crate::pack::error(&allow.source, at, Some(&allow.id), unknown(score)));
            };
            allow_models.push(Some((model, score.threshold.unwrap_or(thresholds[model]))));
        }
        Ok(Scorers { models, rules: scored, allows: allow_models })
    }
}

impl Engine {
    /// The `score` rules whose model reads this post at or above their threshold. They are
    /// judged before co-occurrence rules so that a `when` rule can build on them (an
    /// identifier in a post the story model reads as a patient's); `drop_covered_scores`
    /// later keeps a reported one only where nothing else of its category spoke. The finding
    /// covers the whole post (trimmed): the verdict is about the post, and the words it names
    /// may sit in different sentences.
    pub(super) fn score_candidates(&self, text: &str, asked: &mut Vec<(usize, Option<f64>)>) -> Vec<Candidate> {
        let start = text.len() - text.trim_start().len();
        let end = text.trim_end().len();
        if start >= end {
            return Vec::new();
        }
        self.scorers
            .rules
            .iter()
            .filter(|s| self.scorers.probability(s.model, text, asked).is_some_and(|p| p >= s.threshold))
            .map(|s| Candidate { rule: s.rule, span: Span::new(start, end) })
            .collect()
    }

    /// Drop the `score` findings of a category another reported rule already found something
    /// in: a scorer reaches the posts the rules cannot, and says nothing new where they did.
    /// Returns the kept ones' rules with the words that weighed most (quoted, for the
    /// message's `{found}`).
    pub(super) fn drop_covered_scores(&self, text: &str, kept: &mut Vec<Candidate>) -> Vec<(usize, String)> {
        let is_score = |rule: usize| self.scorers.rules.iter().any(|s| s.rule == rule);
        let covered: Vec<bool> = kept
            .iter()
            .map(|c| {
                is_score(c.rule)
                    && kept.iter().any(|o| {
                        let other = &self.rules[o.rule];
                        !other.signal && other.category == self.rules[c.rule].category && !is_score(o.rule)
                    })
            })
            .collect();
        let mut flags = covered.into_iter();
        kept.retain(|_| !flags.next().unwrap_or(false));
        self.scorers
            .rules
            .iter()
            .filter(|s| kept.iter().any(|c| c.rule == s.rule))
            .map(|s| {
                let words: Vec<String> =
                    self.scorers.models[s.model].score(text).evidence.iter().map(|e| format!("'{e}'")).collect();
                (s.rule, words.join(", "))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::parse_pack;

    fn words(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|(_, w)| w).collect()
    }

    #[test]
    fn tokens_read_words_as_the_training_script_does() {
        let cases: &[(&str, &[&str])] = &[
            ("The guy in Bay 4 last night", &["the", "guy", "in", "bay", "0", "last", "night"]),
            ("my 3am regular", &["my", "0am", "regular"]),
            ("pt's BP 120/80", &["pt's", "bp", "0", "0"]),
            ("she’s back", &["she's", "back"]),
            ("'quoted' -- rock'n'roll", &["quoted", "rock'n'roll"]),
            ("45M, 2x10 ", &["0m", "0x0"]),
            ("Ça va? NAÏVE", &["ça", "va", "naïve"]),
            ("", &[]),
            ("🙏 ... !!", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(words(text), *want, "{text:?}");
        }
        let spans: Vec<Span> = tokens("Hi, she’s 3am").into_iter().map(|(s, _)| s).collect();
        assert_eq!(spans, vec![Span::new(0, 2), Span::new(4, 11), Span::new(12, 15)]);
    }

    fn model(weights: &[(&str, f64)], bias: f64) -> Model {
        Model::new(&crate::pack::Model {
            bias,
            threshold: 0.5,
            min_words: 0,
            weights: weights.iter().map(|(f, w)| ((*f).to_string(), *w)).collect(),
        })
    }

    #[test]
    fn a_known_text_gets_the_logistic_of_its_weights() {
        let m = model(&[("last night", 1.0), ("last", 0.25), ("night", 0.25), ("bay 0", 0.5), ("quiz", -2.0)], -1.0);
        // -1 + 1 + 0.25 + 0.25 + 0.5 = 1.0; "last night" twice still counts once.
        let s = m.score("Bay 12, last night. Last night!");
        assert!((s.probability - 1.0 / (1.0 + (-1.0f64).exp())).abs() < 1e-12, "{}", s.probability);
        let q = m.score("quiz");
        assert!((q.probability - 1.0 / (1.0 + 3.0f64.exp())).abs() < 1e-12);
        assert!((m.score("nothing known").probability - 1.0 / (1.0 + 1.0f64.exp())).abs() < 1e-12);
    }

    #[test]
    fn the_explanation_names_the_heaviest_positive_features_once() {
        let m = model(
            &[("last night", 1.0), ("last", 0.25), ("night", 0.9), ("bay 0", 0.5), ("he", 0.3), ("quiz", -2.0)],
            0.0,
        );
        // "night" is a word of "last night", which weighed more; negative weights are never
        // named; the post's digits are not repeated.
        assert_eq!(m.score("quiz: he was in bay 4 last night").evidence, vec!["last night", "bay #", "he"]);
    }

    const STORY: &str = "[pack]\nid = \"s\"\ncategory = \"patient_reference\"\n\n\
        [model.story]\nbias = -1.0\nthreshold = 0.6\nweights = '''\nlast night 2.0\nbay 0 1.0\n'''\n\n\
        [[rule]]\nid = \"s.model\"\nseverity = \"warning\"\nmessage = \"Reads like a story: {found}.\"\nhelp = \"h\"\n\
        score = { model = \"story\" }\n";

    #[test]
    fn a_score_rule_reports_the_whole_post_with_its_words() {
        let engine = Engine::new(&[parse_pack("s.toml", STORY).unwrap()]).unwrap();
        let text = "  The guy in bay 4 last night \n";
        let found = engine.check(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].message, "Reads like a story: 'last night', 'bay #'.");
        assert_eq!((found[0].span.start, found[0].span.end), (2, text.trim_end().len()));
        assert!(engine.check("bay 4 is free").is_empty(), "below the model's threshold");
    }

    #[test]
    fn a_score_rule_is_quiet_where_a_rule_of_its_category_already_reported() {
        let other =
            "[[rule]]\nid = \"s.cue\"\nseverity = \"warning\"\nmessage = \"m\"\nhelp = \"h\"\nterms = [\"bay\"]\n";
        let engine = Engine::new(&[parse_pack("s.toml", &format!("{STORY}\n{other}")).unwrap()]).unwrap();
        let found = engine.check("The guy in bay 4 last night");
        assert_eq!(found.iter().map(|f| f.rule.as_str()).collect::<Vec<_>>(), vec!["s.cue"]);
    }

    #[test]
    fn an_allow_list_covering_the_post_cancels_a_score_rule() {
        let allow = "[[allow]]\nid = \"s.family\"\napplies_to = [\"s.model\"]\npatterns = ['(?is)\\Amy dad.*\\z']\n";
        let engine = Engine::new(&[parse_pack("s.toml", &format!("{STORY}\n{allow}")).unwrap()]).unwrap();
        assert!(engine.check("My dad was in bay 4 last night").is_empty());
        assert_eq!(engine.check("The guy in bay 4 last night").len(), 1);
    }

    #[test]
    fn a_when_rule_can_build_on_a_score_rule() {
        let more = "[[rule]]\nid = \"s.number\"\nseverity = \"info\"\nsignal = true\nmessage = \"m\"\nhelp = \"h\"\n\
            pattern = '[0-9]+'\n\n\
            [[rule]]\nid = \"s.number_in_story\"\nseverity = \"error\"\nmessage = \"m\"\nhelp = \"h\"\n\
            when = { all = [\"s.number\"], any = [\"s.model\"], each = true }\n";
        let engine = Engine::new(&[parse_pack("s.toml", &format!("{STORY}\n{more}")).unwrap()]).unwrap();
        let found = engine.check("The guy in bay 4 last night");
        // The combination reports the number; the scorer, now covered by it, says nothing more.
        let rules: Vec<(&str, &str)> = found.iter().map(|f| (f.rule.as_str(), &f.matched[..])).collect();
        assert_eq!(rules, vec![("s.number_in_story", "4")]);
        assert!(engine.check("bay 4 is free").is_empty(), "no story, no combination");
    }

    /// A story model and a rule it does not govern; the allow list asks the model instead.
    const NOT_A_STORY: &str = "[pack]\nid = \"s\"\ncategory = \"patient_reference\"\n\n\
        [model.story]\nbias = -1.0\nthreshold = 0.3\nweights = '\'\'\nlast night 2.0\nrota -3.0\n'\'\'\n\n\
        [[rule]]\nid = \"s.cue\"\nseverity = \"warning\"\nmessage = \"m\"\nhelp = \"h\"\nterms = [\"bay\"]\n\n\
        [[allow]]\nid = \"s.no_story\"\napplies_to = [\"s.cue\"]\nscore = { model = \"story\" }\n";

    #[test]
    fn an_allow_list_with_a_model_clears_posts_the_model_reads_below_its_threshold() {
        let engine = Engine::new(&[parse_pack("s.toml", NOT_A_STORY).unwrap()]).unwrap();
        // -1 - 3 = -4: far below 0.3, cleared wherever the cue is.
        assert!(engine.check("The bay 4 rota is out").is_empty());
        // -1 + 2 = 1: above, reported; and a post with no known word (-1, p 0.27) is cleared.
        assert_eq!(engine.check("The guy in bay 4 last night").len(), 1);
        assert!(engine.check("bay 4").is_empty());
        // The list's own threshold overrides the model's.
        let strict =
            NOT_A_STORY.replace("score = { model = \"story\" }", "score = { model = \"story\", threshold = 0.1 }");
        let engine = Engine::new(&[parse_pack("s.toml", &strict).unwrap()]).unwrap();
        assert_eq!(engine.check("bay 4").len(), 1);
        assert!(engine.check("The bay 4 rota is out").is_empty());
    }

    #[test]
    fn a_post_shorter_than_the_models_min_words_gets_no_verdict() {
        // "bay 4" alone (two words, p 0.27) is cleared; with min_words = 3 the model says
        // nothing about it, so the finding stands, and a longer post is still judged.
        let short = NOT_A_STORY.replace("threshold = 0.3\n", "threshold = 0.3\nmin_words = 3\n");
        let engine = Engine::new(&[parse_pack("s.toml", &short).unwrap()]).unwrap();
        assert_eq!(engine.check("bay 4").len(), 1);
        assert!(engine.check("The bay 4 rota is out").is_empty());
        // A score rule too: no verdict, no finding.
        let story = STORY.replace("threshold = 0.6\n", "threshold = 0.6\nmin_words = 8\n");
        let engine = Engine::new(&[parse_pack("s.toml", &story).unwrap()]).unwrap();
        assert!(engine.check("bay 4 last night").is_empty());
        assert_eq!(engine.check("The guy in bay 4 last night, poor soul").len(), 1);
    }

    #[test]
    fn the_rules_threshold_overrides_the_models() {
        let strict = STORY.replace("score = { model = \"story\" }", "score = { model = \"story\", threshold = 0.95 }");
        let engine = Engine::new(&[parse_pack("s.toml", &strict).unwrap()]).unwrap();
        assert!(engine.check("The guy in bay 4 last night").is_empty());
    }

    #[test]
    fn an_unknown_model_is_an_error_at_the_reference() {
        // From a score rule and from an allow list alike.
        for (pack, line, owner) in [(STORY, 18, "s.model"), (NOT_A_STORY, 23, "s.no_story")] {
            let bad = pack.replace("score = { model = \"story\" }", "score = { model = \"stroy\" }");
            let err = Engine::new(&[parse_pack("s.toml", &bad).unwrap()]).unwrap_err();
            assert_eq!(err.location(), Some(&crate::Location::at("s.toml", line, 19)), "{err}");
            let want = format!("s.toml:{line}:19: rule {owner}: unknown model `stroy`");
            assert!(err.to_string().starts_with(&want), "{err}");
        }
    }

    #[test]
    fn bad_model_tables_are_load_errors_with_positions() {
        const SCORE: &str = "score = { model = \"story\" }";
        /// (pack, text replaced, by, where the error is, what it says)
        type Case = (&'static str, &'static str, &'static str, (usize, usize), &'static str);
        let cases: &[Case] = &[
            (STORY, "bay 0 1.0\n", "bay 0 lots\n", (10, 1), "is not `words weight`"),
            (STORY, "bay 0 1.0\n", "last night 3.0\n", (10, 1), "listed twice"),
            (STORY, "bay 0 1.0\n", "Bay 0 1.0\n", (10, 1), "is not `words weight`"),
            (STORY, "bay 0 1.0\n", "one two three 1.0\n", (10, 1), "is not `words weight`"),
            (STORY, "threshold = 0.6", "threshold = 1.5", (5, 1), "between 0 and 1"),
            (
                STORY,
                SCORE,
                "score = { model = \"story\", threshold = 0 }",
                (18, 40),
                "`score.threshold` must be between 0 and 1",
            ),
            (STORY, SCORE, "score = { model = \"story\" }\nterms = [\"x\"]", (18, 9), "cannot also have `terms`"),
            (STORY, SCORE, "score = { modle = \"story\" }", (18, 11), "unknown field `modle`"),
            // An allow list that asks a model is checked the same way.
            (
                NOT_A_STORY,
                SCORE,
                "score = { model = \"story\" }\nterms = [\"rota\"]",
                (23, 9),
                "cannot also have `terms` or `patterns`",
            ),
            (NOT_A_STORY, SCORE, "score = { model = \"story\", threshold = 0 }", (23, 40), "above 0 and at most 1"),
            (NOT_A_STORY, SCORE, "score = { modle = \"story\" }", (23, 11), "unknown field `modle`"),
        ];
        for (pack, from, to, (line, column), why) in cases {
            let text = pack.replace(from, to);
            let err = parse_pack("s.toml", &text).unwrap_err();
            assert_eq!((err.line(), err.column()), (Some(*line), Some(*column)), "{to}: {err}");
            assert!(err.message().contains(why), "{to}: {err}");
        }
    }
}
