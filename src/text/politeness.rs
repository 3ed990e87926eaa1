//! Politeness of a request, as a weighted sum of politeness strategies.
//!
//! The strategies are those of Danescu-Niculescu-Mizil, Sudhof, Jurafsky, Leskovec and Potts,
//! "A computational approach to politeness with application to social factors" (ACL 2013):
//! gratitude, deference, greetings, positive and negative words, apologies, "please" (and
//! "please" opening a sentence), an indirect "by the way", direct questions, a direct start,
//! counterfactual and indicative modals, first and second person (opening a sentence and
//! elsewhere), hedges and factuality ("why" questions are split from the other direct
//! questions). Help-desk strategies from the same tradition (Brown and Levinson's
//! face-threatening acts and their softeners) sit beside them: bare imperatives, obligations put
//! on the listener, insults and swearing, blame and dismissal (the `blame` and `dismissal`
//! marker lists), shouting, piled-up "?!", loaded negative questions, several questions fired in
//! a row, conventionally indirect requests, offers of help, talk of help, asking for the
//! listener's view, and smileys.
//!
//! Every strategy is a named, interpretable marker with the spans where it fired, so a trainee
//! can be shown why a line scored as it did. The lexicons are general English, written out
//! below; no word, name or markup of the training corpus is a feature.
//!
//! The model is a logistic regression over the strategies (each 0 or 1). The score is the sum of
//! the weights of the strategies that fired: 0 when none fires, above 0 leaning polite, below 0
//! impolite; the probability adds the fitted intercept. The weights were fitted on the Wikipedia
//! requests of the Stanford Politeness Corpus (top against bottom quartile of human judgement)
//! by [`fit_logistic`] (Newton's method, L2 penalty [`L2`], deterministic). To regenerate the
//! constants, run from the crate root
//!
//! ```text
//! cargo run --release --example eval_politeness -- ../shared/eval/politeness/wikipedia.annotated.csv --fit
//! ```
//!
//! which prints `BIAS` and `WEIGHTS` ready to paste here. The same example evaluates the
//! stored weights on any file of that format, and with `--cv 10` cross-validates a refit
//! (10-fold CV: accuracy 83.0% on the quartile task, Spearman 0.62 with the human scores).

use std::ops::Range;

use serde::Serialize;

use super::markers::MarkerSet;
use super::tokens::{SentenceSpan, Token, sentences, tokenize};
use super::wordbook::Wordbook;

/// One politeness strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Strategy {
    Gratitude,
    Deference,
    Greeting,
    PositiveLexicon,
    NegativeLexicon,
    Apologizing,
    Please,
    PleaseStart,
    IndirectBtw,
    DirectQuestion,
    WhyQuestion,
    DirectStart,
    CounterfactualModal,
    IndicativeModal,
    FirstPersonStart,
    FirstPerson,
    FirstPersonPlural,
    SecondPersonStart,
    SecondPerson,
    Hedges,
    Factuality,
    IndirectRequest,
    OfferHelp,
    Imperative,
    Obligation,
    Insult,
    Blame,
    Dismissal,
    Shouting,
    EmphaticPunctuation,
    NegativeQuestion,
    StackedQuestions,
    Help,
    Consulting,
    Smiley,
}

/// How many strategies there are.
pub const STRATEGIES: usize = 35;

impl Strategy {
    pub const ALL: [Strategy; STRATEGIES] = [
        Strategy::Gratitude,
        Strategy::Deference,
        Strategy::Greeting,
        Strategy::PositiveLexicon,
        Strategy::NegativeLexicon,
        Strategy::Apologizing,
        Strategy::Please,
        Strategy::PleaseStart,
        Strategy::IndirectBtw,
        Strategy::DirectQuestion,
        Strategy::WhyQuestion,
        Strategy::DirectStart,
        Strategy::CounterfactualModal,
        Strategy::IndicativeModal,
        Strategy::FirstPersonStart,
        Strategy::FirstPerson,
        Strategy::FirstPersonPlural,
        Strategy::SecondPersonStart,
        Strategy::SecondPerson,
        Strategy::Hedges,
        Strategy::Factuality,
        Strategy::IndirectRequest,
        Strategy::OfferHelp,
        Strategy::Imperative,
        Strategy::Obligation,
        Strategy::Insult,
        Strategy::Blame,
        Strategy::Dismissal,
        Strategy::Shouting,
        Strategy::EmphaticPunctuation,
        Strategy::NegativeQuestion,
        Strategy::StackedQuestions,
        Strategy::Help,
        Strategy::Consulting,
        Strategy::Smiley,
    ];

    /// Position in [`Strategy::ALL`] and in [`WEIGHTS`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The name `analyze` shows (as `politeness:NAME`).
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Gratitude => "gratitude",
            Strategy::Deference => "deference",
            Strategy::Greeting => "greeting",
            Strategy::PositiveLexicon => "positive_lexicon",
            Strategy::NegativeLexicon => "negative_lexicon",
            Strategy::Apologizing => "apologizing",
            Strategy::Please => "please",
            Strategy::PleaseStart => "please_start",
            Strategy::IndirectBtw => "indirect_btw",
            Strategy::DirectQuestion => "direct_question",
            Strategy::WhyQuestion => "why_question",
            Strategy::DirectStart => "direct_start",
            Strategy::CounterfactualModal => "counterfactual_modal",
            Strategy::IndicativeModal => "indicative_modal",
            Strategy::FirstPersonStart => "first_person_start",
            Strategy::FirstPerson => "first_person",
            Strategy::FirstPersonPlural => "first_person_plural",
            Strategy::SecondPersonStart => "second_person_start",
            Strategy::SecondPerson => "second_person",
            Strategy::Hedges => "hedges",
            Strategy::Factuality => "factuality",
            Strategy::IndirectRequest => "indirect_request",
            Strategy::OfferHelp => "offer_help",
            Strategy::Imperative => "imperative",
            Strategy::Obligation => "obligation",
            Strategy::Insult => "insult",
            Strategy::Blame => "blame",
            Strategy::Dismissal => "dismissal",
            Strategy::Shouting => "shouting",
            Strategy::EmphaticPunctuation => "emphatic_punctuation",
            Strategy::NegativeQuestion => "negative_question",
            Strategy::StackedQuestions => "stacked_questions",
            Strategy::Help => "help",
            Strategy::Consulting => "consulting",
            Strategy::Smiley => "smiley",
        }
    }

    /// One line a trainee can read.
    pub fn description(self) -> &'static str {
        match self {
            Strategy::Gratitude => "thanks the listener (\"thanks\", \"I appreciate\")",
            Strategy::Deference => "opens with praise (\"Great work...\", \"Nice...\")",
            Strategy::Greeting => "opens with a greeting (\"Hi\", \"Hello\")",
            Strategy::PositiveLexicon => "positive words (\"helpful\", \"glad\")",
            Strategy::NegativeLexicon => "negative, judging words (\"wrong\", \"ridiculous\")",
            Strategy::Apologizing => "apologises (\"sorry\", \"excuse me\")",
            Strategy::Please => "says \"please\" inside the sentence",
            Strategy::PleaseStart => "opens the sentence with \"please\", which reads as an order",
            Strategy::IndirectBtw => "eases in with \"by the way\"",
            Strategy::DirectQuestion => "opens with a bare what/who/how question",
            Strategy::WhyQuestion => "asks \"why\", which sounds like an interrogation",
            Strategy::DirectStart => "opens with \"so\", \"and\", \"but\"...",
            Strategy::CounterfactualModal => "asks with \"could you\" or \"would you\"",
            Strategy::IndicativeModal => "asks with \"can you\" or \"will you\"",
            Strategy::FirstPersonStart => "opens with \"I\" or \"my\"",
            Strategy::FirstPerson => "speaks for oneself (\"I\", \"me\")",
            Strategy::FirstPersonPlural => "speaks as a team (\"we\", \"let's\")",
            Strategy::SecondPersonStart => "opens with \"you\" or \"your\", pointing at the listener",
            Strategy::SecondPerson => "addresses the listener (\"you\")",
            Strategy::Hedges => "softens a claim (\"I think\", \"maybe\", \"perhaps\")",
            Strategy::Factuality => "insists on the facts (\"actually\", \"really\", \"obviously\")",
            Strategy::IndirectRequest => "asks indirectly (\"I was wondering\", \"if you could\")",
            Strategy::OfferHelp => "offers help (\"would you like\", \"happy to help\")",
            Strategy::Imperative => "gives a bare order without \"please\"",
            Strategy::Obligation => "tells the listener what they must do (\"you need to\")",
            Strategy::Insult => "insults or swears",
            Strategy::Blame => "blames the listener (\"you should have\")",
            Strategy::Dismissal => "dismisses the listener (\"calm down\", \"whatever\")",
            Strategy::Shouting => "writes in capitals, which reads as shouting",
            Strategy::EmphaticPunctuation => "piles up \"!!\" or \"?!\"",
            Strategy::NegativeQuestion => "asks a loaded negative question (\"don't you...?\", \"isn't it...?\")",
            Strategy::StackedQuestions => "fires several questions in a row",
            Strategy::Help => "frames the exchange as help (\"need help\", \"to help you\")",
            Strategy::Consulting => "asks for the listener's view (\"what do you think?\")",
            Strategy::Smiley => "a friendly smiley",
        }
    }
}

/// Fitted intercept: the logit of a text in which no strategy fires.
pub const BIAS: f64 = -0.894224;

/// Fitted weight of each strategy, in the order of [`Strategy::ALL`].
pub const WEIGHTS: [f64; STRATEGIES] = [
    3.365071,  // gratitude
    1.732264,  // deference
    1.933609,  // greeting
    1.005882,  // positive_lexicon
    -1.673908, // negative_lexicon
    2.007966,  // apologizing
    0.706996,  // please
    -0.137791, // please_start
    0.995692,  // indirect_btw
    -0.467940, // direct_question
    -2.298025, // why_question
    -1.050296, // direct_start
    1.301585,  // counterfactual_modal
    0.761841,  // indicative_modal
    0.552434,  // first_person_start
    0.185579,  // first_person
    0.229303,  // first_person_plural
    -0.812899, // second_person_start
    0.285492,  // second_person
    0.328240,  // hedges
    -1.394288, // factuality
    1.313899,  // indirect_request
    1.000438,  // offer_help
    -1.261366, // imperative
    -0.874713, // obligation
    -1.545137, // insult
    -0.891449, // blame
    -0.651883, // dismissal
    -0.355407, // shouting
    -1.738159, // emphatic_punctuation
    -1.728349, // negative_question
    -0.676945, // stacked_questions
    1.991567,  // help
    2.030008,  // consulting
    1.431108,  // smiley
];

/// L2 penalty used to fit [`WEIGHTS`].
pub const L2: f64 = 1.0;

/// One strategy that fired.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeatureHit {
    pub name: &'static str,
    pub weight: f64,
    /// Byte ranges of the text where it fired.
    #[serde(skip)]
    pub spans: Vec<Range<usize>>,
    #[serde(skip)]
    pub strategy: Strategy,
}

/// The politeness of one text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Politeness {
    /// The weight of the evidence: the sum of the weights of the strategies that fired. 0 is
    /// neutral (nothing fired, or polite and impolite strategies cancel out); above 0 leans
    /// polite, below 0 impolite. It is the model's logit less [`BIAS`], so it ranks texts
    /// exactly as the model does.
    pub score: f64,
    /// Probability that people would judge the text polite rather than impolite, were it a
    /// request like those the model was fitted on: `sigmoid(BIAS + score)`.
    pub probability: f64,
    /// The strategies that fired, in the order of [`Strategy::ALL`].
    pub features: Vec<FeatureHit>,
}

impl Politeness {
    /// The fired strategy that pulls the score down the most.
    pub fn most_impolite(&self) -> Option<&FeatureHit> {
        self.features
            .iter()
            .filter(|f| f.weight < 0.0)
            .min_by(|a, b| a.weight.total_cmp(&b.weight))
    }
}

/// Scores `text` with the stored weights.
pub fn score(book: &Wordbook, text: &str) -> Politeness {
    let fired = detect(book, text);
    let mut evidence = 0.0;
    let features = fired
        .into_iter()
        .map(|(strategy, spans)| {
            let weight = WEIGHTS[strategy.index()];
            evidence += weight;
            FeatureHit {
                name: strategy.name(),
                weight,
                spans,
                strategy,
            }
        })
        .collect();
    Politeness {
        score: evidence,
        probability: sigmoid(BIAS + evidence),
        features,
    }
}

/// The strategies of `text` as a 0/1 vector in the order of [`Strategy::ALL`].
pub fn feature_vector(book: &Wordbook, text: &str) -> [f64; STRATEGIES] {
    let mut x = [0.0; STRATEGIES];
    for (strategy, _) in detect(book, text) {
        x[strategy.index()] = 1.0;
    }
    x
}

pub fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

// ------------------------------------------------------------------------------ lexicons

/// Gratitude anywhere. A trailing `*` matches any ending.
pub const GRATITUDE: &[&str] = &[
    "thank*",
    "thx",
    "thnx",
    "thanx",
    "tnx",
    "I appreciate",
    "I really appreciate",
    "I'd appreciate",
    "I would appreciate",
    "I'd really appreciate",
    "we appreciate",
    "appreciate it",
    "appreciate that",
    "appreciate your",
    "appreciated",
    "grateful",
    "much obliged",
];

/// Praise opening a sentence (the paper's list, and a few more of the kind).
pub const DEFERENCE_OPENERS: &[&str] = &[
    "great",
    "good",
    "nice",
    "interesting",
    "cool",
    "excellent",
    "awesome",
    "wonderful",
    "brilliant",
    "fantastic",
    "impressive",
    "superb",
    "well done",
];

/// Greetings opening a sentence.
pub const GREETINGS: &[&str] = &[
    "hi",
    "hello",
    "hey",
    "hiya",
    "howdy",
    "greetings",
    "dear",
    "good morning",
    "good afternoon",
    "good evening",
    "good day",
];

/// Words of positive evaluation and feeling. Thanks, apologies and greetings have lists of
/// their own.
pub const POSITIVE_WORDS: &[&str] = &[
    "good",
    "great",
    "nice",
    "nicely",
    "excellent",
    "awesome",
    "wonderful",
    "fantastic",
    "brilliant",
    "superb",
    "amazing",
    "impressive",
    "impressed",
    "beautiful",
    "beautifully",
    "lovely",
    "perfect",
    "perfectly",
    "fine",
    "best",
    "better",
    "happy",
    "glad",
    "pleased",
    "pleasure",
    "pleasant",
    "welcome",
    "kind",
    "kindly",
    "kindness",
    "helpful",
    "useful",
    "valuable",
    "interesting",
    "cool",
    "neat",
    "clever",
    "smart",
    "wise",
    "thoughtful",
    "generous",
    "friendly",
    "polite",
    "fair",
    "correct",
    "accurate",
    "clear",
    "easy",
    "enjoy",
    "enjoyed",
    "love",
    "loved",
    "lovely",
    "congratulations",
    "congrats",
    "bravo",
    "kudos",
    "excited",
    "exciting",
    "delighted",
    "honored",
    "honoured",
    "proud",
    "support",
    "supportive",
    "improve",
    "improved",
    "improvement",
    "improvements",
    "success",
    "successful",
    "outstanding",
    "remarkable",
    "terrific",
    "marvelous",
    "marvellous",
    "splendid",
    "fabulous",
    "incredible",
    "admire",
    "admirable",
    "agree",
    "agreed",
    "recommend",
    "favorite",
    "favourite",
    "ideal",
    "elegant",
    "effective",
    "worthwhile",
    "constructive",
    "productive",
    "positive",
    "reasonable",
    "sensible",
    "appropriate",
    "patient",
    "patience",
    "careful",
    "reliable",
    "warm",
    "warmly",
    "sincere",
    "sincerely",
    "fascinating",
    "insightful",
    "informative",
    "thorough",
    "impeccable",
    "glad",
    "cheerful",
    "fun",
    "enjoyable",
    "safe",
    "comfortable",
    "hope",
    "hopefully",
];

/// Words that judge a person, an act or a thing harshly. Words that name a feeling the caller
/// may have ("frustrating", "upset") are left out: naming them is empathy, not rudeness; so
/// are a help desk's everyday topics ("error", "problem", "broken", "failed").
pub const NEGATIVE_WORDS: &[&str] = &[
    "bad",
    "badly",
    "wrong",
    "wrongly",
    "poor",
    "poorly",
    "terrible",
    "terribly",
    "awful",
    "horrible",
    "horrendous",
    "worse",
    "worst",
    "ugly",
    "ridiculous",
    "absurd",
    "nonsense",
    "nonsensical",
    "silly",
    "pointless",
    "useless",
    "worthless",
    "lame",
    "pathetic",
    "incompetent",
    "ignorant",
    "ignorance",
    "lazy",
    "rude",
    "rudeness",
    "arrogant",
    "arrogance",
    "hostile",
    "aggressive",
    "offensive",
    "abusive",
    "disruptive",
    "nasty",
    "false",
    "fake",
    "bogus",
    "misleading",
    "dishonest",
    "biased",
    "unfair",
    "unacceptable",
    "inappropriate",
    "irrelevant",
    "incorrect",
    "mistake",
    "mistakes",
    "mistaken",
    "fault",
    "blame",
    "blamed",
    "accuse",
    "accused",
    "accusing",
    "accusation",
    "accusations",
    "attack",
    "attacks",
    "attacked",
    "attacking",
    "threat",
    "threats",
    "threaten",
    "threatening",
    "harass",
    "harassing",
    "harassment",
    "insult",
    "insults",
    "insulting",
    "insulted",
    "complain",
    "complaining",
    "whining",
    "waste",
    "wasted",
    "wasting",
    "mess",
    "messed",
    "destroy",
    "destroyed",
    "destroying",
    "ruin",
    "ruined",
    "ruining",
    "hate",
    "hated",
    "disgusting",
    "disgrace",
    "shame",
    "shameful",
    "shameless",
    "embarrassing",
    "disappointed",
    "disappointing",
    "ignore",
    "ignored",
    "ignoring",
    "refuse",
    "refused",
    "refusing",
    "obsessed",
    "paranoid",
    "childish",
    "immature",
    "hypocrite",
    "hypocritical",
    "hypocrisy",
    "petty",
    "sloppy",
    "careless",
    "lousy",
    "disaster",
    "misguided",
    "deceptive",
    "outrageous",
    "unhelpful",
    "irritating",
    "nuisance",
    "stubborn",
    "bully",
    "bullying",
    "weird",
    "bizarre",
    "inane",
    "unreasonable",
    "irresponsible",
    "disrespectful",
    "condescending",
    "patronizing",
    "patronising",
    "sarcastic",
    "ludicrous",
    "laughable",
    "lie",
    "lies",
    "lying",
    "lied",
    "cheat",
    "cheating",
    "evil",
    "vicious",
    "sick",
    "crazy",
    "insane",
    "mad",
    "angry",
    "hostility",
    "abuse",
    "abused",
    "abusing",
    "fail",
    "spam",
];

/// The paper's hedges.
pub const HEDGES: &[&str] = &[
    "think",
    "thought",
    "thinking",
    "almost",
    "apparent",
    "apparently",
    "appear",
    "appeared",
    "appears",
    "approximately",
    "around",
    "assume",
    "assumed",
    "certain amount",
    "certain extent",
    "certain level",
    "claim",
    "claimed",
    "claims",
    "doubt",
    "doubtful",
    "essentially",
    "estimate",
    "estimated",
    "feel",
    "felt",
    "feels",
    "frequently",
    "from our perspective",
    "from my perspective",
    "from this perspective",
    "generally",
    "guess",
    "in general",
    "in most cases",
    "in most instances",
    "in our view",
    "in my view",
    "in this view",
    "in our opinion",
    "in my opinion",
    "indicate",
    "indicated",
    "indicates",
    "largely",
    "likely",
    "mainly",
    "may",
    "maybe",
    "might",
    "mostly",
    "often",
    "on the whole",
    "ought",
    "perhaps",
    "plausible",
    "plausibly",
    "possible",
    "possibly",
    "postulate",
    "postulated",
    "postulates",
    "presumable",
    "presumably",
    "probable",
    "probably",
    "relatively",
    "roughly",
    "seems",
    "should",
    "sometimes",
    "somewhat",
    "suggest",
    "suggested",
    "suggests",
    "suppose",
    "supposed",
    "supposes",
    "suspect",
    "suspects",
    "tend to",
    "tends to",
    "tended to",
    "typical",
    "typically",
    "uncertain",
    "uncertainly",
    "unclear",
    "unclearly",
    "unlikely",
    "usually",
    "broadly",
    "to my knowledge",
    "fairly",
    "quite",
    "rather",
    "argue",
    "argues",
    "argued",
];

/// Insisting on the facts: the paper's list and the boosters of the same kind.
pub const FACTUALITY: &[&str] = &[
    "really",
    "actually",
    "honestly",
    "surely",
    "in fact",
    "the point",
    "the reality",
    "the truth",
    "obviously",
    "clearly",
    "frankly",
];

pub const APOLOGIES: &[&str] = &[
    "sorry",
    "oops",
    "woops",
    "whoops",
    "excuse me",
    "I apologize",
    "I apologise",
    "we apologize",
    "we apologise",
    "apologies",
    "my apologies",
    "forgive me",
    "pardon me",
    "my bad",
    "my mistake",
];

pub const PLEASE: &[&str] = &["please", "pls", "plz", "pleas"];

pub const BY_THE_WAY: &[&str] = &["by the way", "btw", "incidentally"];

/// Opening words of a direct question (the paper's list less "why", which has its own).
pub const DIRECT_QUESTION_WORDS: &[&str] = &["what", "who", "how"];

pub const WHY_QUESTIONS: &[&str] = &["why", "how come"];

/// Opening words that jump straight into the matter.
pub const DIRECT_STARTS: &[&str] = &["so", "then", "and", "but", "or"];

pub const COUNTERFACTUAL_MODALS: &[&str] = &["could you", "would you", "could u", "would u"];

pub const INDICATIVE_MODALS: &[&str] = &["can you", "will you", "can u", "will u"];

pub const FIRST_PERSON: &[&str] = &["i", "my", "mine", "me", "myself"];

pub const FIRST_PERSON_OPENERS: &[&str] = &["i", "my", "mine", "myself"];

pub const FIRST_PERSON_PLURAL: &[&str] = &["we", "our", "ours", "us", "ourselves"];

pub const SECOND_PERSON: &[&str] = &["you", "your", "yours", "yourself", "yourselves", "u", "ur"];

/// Conventionally indirect requests: the ask is put as a wish or a condition.
pub const INDIRECT_REQUESTS: &[&str] = &[
    "wondering if",
    "wondering whether",
    "wonder if",
    "wonder whether",
    "would it be possible",
    "is it possible",
    "would it be ok",
    "would it be okay",
    "would it be alright",
    "would you be willing",
    "would you be able",
    "would you be interested",
    "would you care to",
    "are you willing",
    "are you interested",
    "be willing to",
    "care to",
    "mind if",
    "may I ask",
    "might I ask",
    "could I ask",
    "can I ask",
    "if you could",
    "if you can",
    "if possible",
    "would you mind",
    "do you mind",
    "if you don't mind",
    "if you wouldn't mind",
    "if you have time",
    "if you have a moment",
    "if you get a chance",
    "if you have a chance",
    "when you get a chance",
    "when you have a moment",
    "when you have time",
    "if it's not too much trouble",
    "would be grateful",
    "would be great",
];

/// Offers of help.
pub const OFFERS: &[&str] = &[
    "would you like",
    "do you want me to",
    "want me to",
    "can I help",
    "may I help",
    "how can I help",
    "can I be of",
    "happy to help",
    "glad to help",
    "I'd be happy to",
    "I would be happy to",
    "I'd be glad to",
    "I would be glad to",
    "let me know if",
    "feel free",
    "I can help",
    "I'll help",
    "I will help",
    "I could help",
    "let me help",
];

/// Verbs that give an order when they open a sentence.
pub const IMPERATIVE_VERBS: &[&str] = &[
    "add",
    "answer",
    "ask",
    "be",
    "bring",
    "calm",
    "change",
    "check",
    "click",
    "close",
    "come",
    "consider",
    "copy",
    "delete",
    "describe",
    "drop",
    "enter",
    "explain",
    "find",
    "fix",
    "follow",
    "get",
    "give",
    "go",
    "hang",
    "hold",
    "install",
    "keep",
    "leave",
    "listen",
    "log",
    "look",
    "make",
    "move",
    "note",
    "open",
    "plug",
    "press",
    "put",
    "quit",
    "read",
    "reboot",
    "reinstall",
    "remove",
    "reset",
    "restart",
    "revert",
    "run",
    "say",
    "send",
    "show",
    "shut",
    "sign",
    "start",
    "stay",
    "stop",
    "switch",
    "take",
    "tell",
    "try",
    "turn",
    "type",
    "unplug",
    "update",
    "use",
    "wait",
    "watch",
    "write",
    "grow",
    "learn",
    "mind",
    "provide",
    "cite",
    "discuss",
    "fill",
];

/// Words that may come before the verb of an order ("Just click it", "Now stop").
pub const IMPERATIVE_LEAD_INS: &[&str] = &["just", "now", "ok", "okay", "then", "so", "and", "well", "simply"];

/// Telling the listener what they must do.
pub const OBLIGATIONS: &[&str] = &[
    "you need to",
    "you have to",
    "you must",
    "you had better",
    "you'd better",
    "you better",
    "you ought to",
    "you should",
    "you'll have to",
    "you will have to",
    "you are required to",
    "you are supposed to",
    "you got to",
    "you gotta",
];

/// Talk of help: asking for it or giving it.
pub const HELP: &[&str] = &["help", "helping", "helped", "assist", "assisting", "assistance"];

/// Asking for the listener's view.
pub const CONSULTING: &[&str] = &[
    "what do you think",
    "what do you reckon",
    "do you think",
    "your thoughts",
    "any thoughts",
    "your opinion",
    "your advice",
    "any advice",
    "any suggestions",
    "any ideas",
    "your input",
    "your feedback",
    "how do you feel",
];

/// Auxiliaries that make a negative question with "not" ("don't you", "isn't it").
pub const NEGATIVE_QUESTION_AUXILIARIES: &[&str] = &[
    "do", "does", "did", "is", "are", "was", "were", "can", "could", "would", "will", "have", "has", "had", "should",
];

/// Subjects of a negative question.
pub const NEGATIVE_QUESTION_SUBJECTS: &[&str] = &[
    "you", "u", "it", "they", "we", "i", "there", "he", "she", "that", "this", "anyone", "someone",
];

/// Openings that play back what the listener said, to check it was understood. "So" before
/// them does not make a direct start: "So if I understand correctly..." is a paraphrase.
pub const PARAPHRASE_OPENERS: &[&str] = &[
    "if I understand correctly",
    "if I understand you correctly",
    "if I understood correctly",
    "if I understand",
    "if I've got this right",
    "if I've got that right",
    "if I have got this right",
    "if I got that right",
    "if I heard you right",
    "if I heard you correctly",
    "you're saying",
    "just to confirm",
    "to make sure I understand",
    "let me make sure I understand",
    "did I get that right",
    "do I understand correctly",
];

/// Insults and swearing.
pub const INSULTS: &[&str] = &[
    "idiot*",
    "stupid*",
    "moron*",
    "dumb",
    "dumbass",
    "fool",
    "fools",
    "foolish",
    "jerk",
    "loser",
    "losers",
    "retard*",
    "imbecile",
    "clown",
    "clowns",
    "crap*",
    "shit*",
    "bullshit",
    "fuck*",
    "wtf",
    "stfu",
    "damn*",
    "goddamn*",
    "hell",
    "ass",
    "asshole*",
    "bastard*",
    "bitch*",
    "suck",
    "sucks",
    "piss*",
    "garbage",
    "rubbish",
    "shut up",
    "get lost",
    "go away",
    "get a life",
    "give me a break",
    "screw you",
    "bloody hell",
];

// ------------------------------------------------------------------------------ matching

/// One word of a phrase: the word, or a prefix when written with a trailing `*`.
#[derive(Debug, Clone)]
struct Pattern {
    word: String,
    prefix: bool,
}

impl Pattern {
    fn matches(&self, word: &str) -> bool {
        if self.prefix {
            word.starts_with(&self.word)
        } else {
            word == self.word
        }
    }
}

/// A list of phrases matched word for word (after lower-casing and expanding contractions),
/// without stemming or typo guessing: each list spells out the forms it means.
#[derive(Debug, Clone)]
struct Lexicon {
    phrases: Vec<Vec<Pattern>>,
    /// Phrases by their first word, when it is spelt out whole: a word is looked up once
    /// instead of against every phrase (a line's politeness took 14 µs that way).
    by_first: rustc_hash::FxHashMap<String, Vec<usize>>,
    /// Phrases whose first word is a prefix ("thank*"), tried at every word.
    prefixed: Vec<usize>,
}

impl Lexicon {
    fn new(phrases: &[&str]) -> Lexicon {
        let phrases = phrases
            .iter()
            .map(|phrase| {
                let mut patterns = Vec::new();
                for chunk in phrase.split_whitespace() {
                    let prefix = chunk.ends_with('*');
                    let body = chunk.trim_end_matches('*');
                    let words: Vec<Token> = tokenize(body);
                    let last = words.len().saturating_sub(1);
                    for (i, t) in words.into_iter().enumerate() {
                        patterns.push(Pattern {
                            word: t.word.into(),
                            prefix: prefix && i == last,
                        });
                    }
                }
                patterns
            })
            .filter(|p: &Vec<Pattern>| !p.is_empty())
            .collect::<Vec<_>>();
        let mut by_first: rustc_hash::FxHashMap<String, Vec<usize>> = Default::default();
        let mut prefixed = Vec::new();
        for (i, phrase) in phrases.iter().enumerate() {
            if phrase[0].prefix {
                prefixed.push(i);
            } else {
                by_first.entry(phrase[0].word.clone()).or_default().push(i);
            }
        }
        Lexicon {
            phrases,
            by_first,
            prefixed,
        }
    }

    /// Length of the longest phrase that starts at `at`.
    /// `at` may be at or past the end: callers probe the word after a match.
    fn longest_at(&self, words: &[&str], at: usize) -> Option<usize> {
        let first = words.get(at)?;
        let exact = self.by_first.get(*first).map(Vec::as_slice).unwrap_or_default();
        exact
            .iter()
            .chain(&self.prefixed)
            .map(|&i| &self.phrases[i])
            .filter(|p| at + p.len() <= words.len() && p.iter().zip(&words[at..]).all(|(p, w)| p.matches(w)))
            .map(Vec::len)
            .max()
    }

    /// Every non-overlapping hit, leftmost first: token ranges.
    fn find(&self, words: &[&str]) -> Vec<Range<usize>> {
        let mut hits = Vec::new();
        let mut i = 0;
        while i < words.len() {
            match self.longest_at(words, i) {
                Some(len) => {
                    hits.push(i..i + len);
                    i += len;
                }
                None => i += 1,
            }
        }
        hits
    }
}

/// The politeness lexicons, compiled: part of the [`Wordbook`].
pub struct Lexicons {
    gratitude: Lexicon,
    deference: Lexicon,
    greetings: Lexicon,
    positive: Lexicon,
    negative: Lexicon,
    hedges: Lexicon,
    factuality: Lexicon,
    apologies: Lexicon,
    please: Lexicon,
    by_the_way: Lexicon,
    direct_question: Lexicon,
    why: Lexicon,
    direct_start: Lexicon,
    counterfactual: Lexicon,
    indicative: Lexicon,
    first_person: Lexicon,
    first_person_openers: Lexicon,
    first_person_plural: Lexicon,
    second_person: Lexicon,
    indirect: Lexicon,
    offers: Lexicon,
    imperative_verbs: Lexicon,
    lead_ins: Lexicon,
    obligations: Lexicon,
    insults: Lexicon,
    help: Lexicon,
    consulting: Lexicon,
    paraphrase: Lexicon,
    negative_auxiliaries: Lexicon,
    negative_subjects: Lexicon,
}

impl Default for Lexicons {
    fn default() -> Lexicons {
        Lexicons {
            gratitude: Lexicon::new(GRATITUDE),
            deference: Lexicon::new(DEFERENCE_OPENERS),
            greetings: Lexicon::new(GREETINGS),
            positive: Lexicon::new(POSITIVE_WORDS),
            negative: Lexicon::new(NEGATIVE_WORDS),
            hedges: Lexicon::new(HEDGES),
            factuality: Lexicon::new(FACTUALITY),
            apologies: Lexicon::new(APOLOGIES),
            please: Lexicon::new(PLEASE),
            by_the_way: Lexicon::new(BY_THE_WAY),
            direct_question: Lexicon::new(DIRECT_QUESTION_WORDS),
            why: Lexicon::new(WHY_QUESTIONS),
            direct_start: Lexicon::new(DIRECT_STARTS),
            counterfactual: Lexicon::new(COUNTERFACTUAL_MODALS),
            indicative: Lexicon::new(INDICATIVE_MODALS),
            first_person: Lexicon::new(FIRST_PERSON),
            first_person_openers: Lexicon::new(FIRST_PERSON_OPENERS),
            first_person_plural: Lexicon::new(FIRST_PERSON_PLURAL),
            second_person: Lexicon::new(SECOND_PERSON),
            indirect: Lexicon::new(INDIRECT_REQUESTS),
            offers: Lexicon::new(OFFERS),
            imperative_verbs: Lexicon::new(IMPERATIVE_VERBS),
            lead_ins: Lexicon::new(IMPERATIVE_LEAD_INS),
            obligations: Lexicon::new(OBLIGATIONS),
            insults: Lexicon::new(INSULTS),
            help: Lexicon::new(HELP),
            consulting: Lexicon::new(CONSULTING),
            paraphrase: Lexicon::new(PARAPHRASE_OPENERS),
            negative_auxiliaries: Lexicon::new(NEGATIVE_QUESTION_AUXILIARIES),
            negative_subjects: Lexicon::new(NEGATIVE_QUESTION_SUBJECTS),
        }
    }
}

// ------------------------------------------------------------------------------ detection

/// Collects the spans of each strategy.
struct Hits {
    spans: Vec<Vec<Range<usize>>>,
}

impl Hits {
    fn add(&mut self, strategy: Strategy, span: Range<usize>) {
        let spans = &mut self.spans[strategy.index()];
        if !spans.contains(&span) {
            spans.push(span);
        }
    }

    fn add_tokens(&mut self, strategy: Strategy, tokens: &[Token], range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        let span = tokens[range.start].span.start..tokens[range.end - 1].span.end;
        self.add(strategy, span);
    }
}

/// Every strategy that fires in `text`, with where, in the order of [`Strategy::ALL`].
pub fn detect(book: &Wordbook, text: &str) -> Vec<(Strategy, Vec<Range<usize>>)> {
    let lex = &book.politeness;
    let mut hits = Hits {
        spans: vec![Vec::new(); STRATEGIES],
    };
    for sentence in clauses_joined(text) {
        detect_in_sentence(text, &sentence, lex, &mut hits);
    }
    let all_tokens = tokenize(text);
    for (strategy, set) in [
        (Strategy::Blame, MarkerSet::Blame),
        (Strategy::Dismissal, MarkerSet::Dismissal),
    ] {
        for hit in book.marker(set).find(book, &all_tokens) {
            hits.add(strategy, hit.span);
        }
    }
    shouting(text, &all_tokens, &mut hits);
    emphatic_punctuation(text, &mut hits);
    smileys(text, &mut hits);
    let questions: Vec<Range<usize>> = clauses_joined(text)
        .into_iter()
        .filter(|s| s.ends_with_question_mark)
        .map(|s| s.span)
        .collect();
    if questions.len() >= 2 {
        for span in questions {
            let start = span.start + (text[span.clone()].len() - text[span.clone()].trim_start().len());
            hits.add(Strategy::StackedQuestions, start..span.end);
        }
    }
    Strategy::ALL
        .iter()
        .zip(hits.spans)
        .filter(|(_, spans)| !spans.is_empty())
        .map(|(s, mut spans)| {
            spans.sort_by_key(|r| (r.start, r.end));
            (*s, spans)
        })
        .collect()
}

/// Sentences, with those that [`sentences`] split at a semicolon joined again: the paper's
/// sentence-initial strategies look at the start of a sentence, not of a clause.
fn clauses_joined(text: &str) -> Vec<SentenceSpan> {
    let mut joined: Vec<SentenceSpan> = Vec::new();
    for sentence in sentences(text) {
        match joined.last_mut() {
            Some(last) if text[last.span.clone()].trim_end().ends_with(';') => {
                last.span.end = sentence.span.end;
                last.tokens.extend(sentence.tokens);
                last.ends_with_question_mark = sentence.ends_with_question_mark;
            }
            _ => joined.push(sentence),
        }
    }
    joined
}

fn detect_in_sentence(text: &str, sentence: &SentenceSpan, lex: &Lexicons, hits: &mut Hits) {
    let tokens = &sentence.tokens;
    let words: Vec<&str> = tokens.iter().map(|t| t.word.as_str()).collect();
    let question = text[sentence.span.clone()].trim_end().ends_with('?');
    // Anywhere in the sentence.
    let anywhere = [
        (Strategy::Gratitude, &lex.gratitude),
        (Strategy::PositiveLexicon, &lex.positive),
        (Strategy::NegativeLexicon, &lex.negative),
        (Strategy::Hedges, &lex.hedges),
        (Strategy::Factuality, &lex.factuality),
        (Strategy::Apologizing, &lex.apologies),
        (Strategy::IndirectBtw, &lex.by_the_way),
        (Strategy::CounterfactualModal, &lex.counterfactual),
        (Strategy::IndicativeModal, &lex.indicative),
        (Strategy::FirstPersonPlural, &lex.first_person_plural),
        (Strategy::IndirectRequest, &lex.indirect),
        (Strategy::OfferHelp, &lex.offers),
        (Strategy::Obligation, &lex.obligations),
        (Strategy::Insult, &lex.insults),
        (Strategy::Help, &lex.help),
    ];
    for (strategy, lexicon) in anywhere {
        for range in lexicon.find(&words) {
            hits.add_tokens(strategy, tokens, range);
        }
    }
    // The same words opening the sentence or not.
    let split_by_start = [
        (Strategy::PleaseStart, Strategy::Please, &lex.please, &lex.please),
        (
            Strategy::FirstPersonStart,
            Strategy::FirstPerson,
            &lex.first_person_openers,
            &lex.first_person,
        ),
        (
            Strategy::SecondPersonStart,
            Strategy::SecondPerson,
            &lex.second_person,
            &lex.second_person,
        ),
    ];
    for (at_start, elsewhere, openers, lexicon) in split_by_start {
        for range in lexicon.find(&words) {
            let strategy = if range.start == 0 && openers.longest_at(&words, 0).is_some() {
                at_start
            } else {
                elsewhere
            };
            hits.add_tokens(strategy, tokens, range);
        }
    }
    // Openers.
    if let Some(len) = lex.greetings.longest_at(&words, 0) {
        hits.add_tokens(Strategy::Greeting, tokens, 0..len);
    } else if let Some(len) = lex.deference.longest_at(&words, 0) {
        hits.add_tokens(Strategy::Deference, tokens, 0..len);
    }
    // "So if I understand correctly..." opens a paraphrase, not a demand.
    if let Some(len) = lex.direct_start.longest_at(&words, 0)
        && lex.paraphrase.longest_at(&words, len).is_none()
    {
        hits.add_tokens(Strategy::DirectStart, tokens, 0..len);
    }
    // "Why don't we...?" suggests doing something together; it does not challenge.
    let suggests_together = |why: &Range<usize>| words[why.end..].starts_with(&["do", "not", "we"]);
    let whys: Vec<Range<usize>> = lex
        .why
        .find(&words)
        .into_iter()
        .filter(|r| !suggests_together(r))
        .collect();
    // A question word first or second ("So what...", "And why...").
    for at in 0..words.len().min(2) {
        if let Some(len) = lex.why.longest_at(&words, at) {
            if whys.iter().any(|r| r.start == at) {
                hits.add_tokens(Strategy::WhyQuestion, tokens, at..at + len);
            }
            break;
        }
        if let Some(len) = lex.direct_question.longest_at(&words, at) {
            // "How come" is a why; "how about" and "what about" are suggestions, not questions
            // put to the listener.
            if words.get(at + 1).is_some_and(|w| *w == "about") {
                break;
            }
            hits.add_tokens(Strategy::DirectQuestion, tokens, at..at + len);
            break;
        }
    }
    // "What do you think?" asks for a view; "Why do you think...?" for a justification.
    if whys.is_empty() {
        for range in lex.consulting.find(&words) {
            hits.add_tokens(Strategy::Consulting, tokens, range);
        }
    }
    if question {
        // "I wonder why you changed it?" challenges as much as "Why did you change it?".
        for range in &whys {
            hits.add_tokens(Strategy::WhyQuestion, tokens, range.clone());
        }
        for at in 0..words.len().saturating_sub(2) {
            let suggestion = at > 0 && words[at - 1] == "why" && words[at..].starts_with(&["do", "not", "we"]);
            if !suggestion
                && lex.negative_auxiliaries.longest_at(&words, at) == Some(1)
                && words[at + 1] == "not"
                && lex.negative_subjects.longest_at(&words, at + 2).is_some()
            {
                hits.add_tokens(Strategy::NegativeQuestion, tokens, at..at + 3);
            }
        }
    }
    imperative(&words, tokens, question, lex, hits);
}

/// A sentence that opens with an order ("Stop reverting", "Just click it", "Don't do that")
/// and has no "please" to soften it.
fn imperative(words: &[&str], tokens: &[Token], question: bool, lex: &Lexicons, hits: &mut Hits) {
    if question || words.iter().any(|w| lex.please.longest_at(&[*w], 0).is_some()) {
        return;
    }
    let mut at = 0;
    while at < words.len().min(3) && lex.lead_ins.longest_at(words, at).is_some() {
        at += 1;
    }
    let Some(verb) = words.get(at) else {
        return;
    };
    let next = words.get(at + 1).copied().unwrap_or("");
    let order = match *verb {
        // "Do not...", "Don't...", "Never..."; "Don't worry" reassures.
        "do" => (next == "not" || next == "never") && words.get(at + 2) != Some(&"worry"),
        "never" => true,
        // "Come on" is impatience, "come here" an order; "Be sure" and "Be careful" orders.
        _ => lex.imperative_verbs.longest_at(words, at).is_some(),
    };
    // "Let us" is a suggestion, "thank you" thanks: neither is in the list.
    if order {
        let end = if *verb == "do" { at + 2 } else { at + 1 };
        hits.add_tokens(Strategy::Imperative, tokens, 0..end.min(words.len()));
    }
}

/// Runs of words in capitals: two or more words of two letters or more, or one word of five
/// letters or more. Short acronyms ("DNS", "VPN") alone are not shouting.
fn shouting(text: &str, tokens: &[Token], hits: &mut Hits) {
    let loud = |t: &Token| {
        let raw = &text[t.span.clone()];
        let letters = raw.chars().filter(|c| c.is_alphabetic()).count();
        letters >= 2 && raw.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
    };
    let mut i = 0;
    while i < tokens.len() {
        if !loud(&tokens[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut distinct = vec![tokens[i].span.clone()];
        while j + 1 < tokens.len() && loud(&tokens[j + 1]) {
            j += 1;
            if !distinct.contains(&tokens[j].span) {
                distinct.push(tokens[j].span.clone());
            }
        }
        let long_word = distinct
            .iter()
            .any(|s| text[s.clone()].chars().filter(|c| c.is_alphabetic()).count() >= 5);
        if distinct.len() >= 2 || long_word {
            hits.add(Strategy::Shouting, tokens[i].span.start..tokens[j].span.end);
        }
        i = j + 1;
    }
}

/// "!!", "?!", "??" and longer runs.
fn emphatic_punctuation(text: &str, hits: &mut Hits) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if matches!(bytes[i], b'!' | b'?') {
            let mut j = i;
            while j < bytes.len() && matches!(bytes[j], b'!' | b'?') {
                j += 1;
            }
            if j - i >= 2 {
                hits.add(Strategy::EmphaticPunctuation, i..j);
            }
            i = j;
        } else {
            i += 1;
        }
    }
}

/// Smileys that soften a message: ":)", ":-)", ";)", ":D", "(:".
pub const SMILEYS: &[&str] = &[":)", ":-)", ";)", ";-)", ":D", ":-D", "(:", ":]", "=)", ":P", ":p"];

fn smileys(text: &str, hits: &mut Hits) {
    let alphanumeric = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    for smiley in SMILEYS {
        for (at, _) in text.match_indices(smiley) {
            let end = at + smiley.len();
            // "talk:Piped" and "re:D" are not smileys.
            if !alphanumeric(text[..at].chars().next_back()) && !alphanumeric(text[end..].chars().next()) {
                hits.add(Strategy::Smiley, at..end);
            }
        }
    }
}

// ------------------------------------------------------------------------------ fitting

/// A fitted logistic regression.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub bias: f64,
    pub weights: Vec<f64>,
}

impl Model {
    pub fn logit(&self, x: &[f64]) -> f64 {
        self.bias + self.weights.iter().zip(x).map(|(w, x)| w * x).sum::<f64>()
    }
}

/// Fits a logistic regression by Newton's method with an L2 penalty `l2` on the weights (not
/// the bias). Deterministic: the same rows give the same model.
pub fn fit_logistic(xs: &[Vec<f64>], ys: &[bool], l2: f64) -> Model {
    let d = xs.first().map_or(0, Vec::len);
    // Parameter 0 is the bias.
    let mut beta = vec![0.0; d + 1];
    for _ in 0..50 {
        let mut gradient = vec![0.0; d + 1];
        let mut hessian = vec![vec![0.0; d + 1]; d + 1];
        for (x, &y) in xs.iter().zip(ys) {
            let z = beta[0] + beta[1..].iter().zip(x).map(|(b, x)| b * x).sum::<f64>();
            let p = sigmoid(z);
            let r = p - if y { 1.0 } else { 0.0 };
            let w = p * (1.0 - p);
            let row: Vec<f64> = std::iter::once(1.0).chain(x.iter().copied()).collect();
            for i in 0..=d {
                if row[i] == 0.0 {
                    continue;
                }
                gradient[i] += r * row[i];
                for j in 0..=d {
                    hessian[i][j] += w * row[i] * row[j];
                }
            }
        }
        for i in 1..=d {
            gradient[i] += l2 * beta[i];
            hessian[i][i] += l2;
        }
        // Keeps the system solvable when a feature never fires and l2 is 0.
        for (i, row) in hessian.iter_mut().enumerate() {
            row[i] += 1e-9;
        }
        let step = super::fit::solve(hessian, gradient);
        let mut largest: f64 = 0.0;
        for (b, s) in beta.iter_mut().zip(&step) {
            *b -= s;
            largest = largest.max(s.abs());
        }
        if largest < 1e-10 {
            break;
        }
    }
    Model {
        bias: beta[0],
        weights: beta[1..].to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fired(text: &str) -> Vec<&'static str> {
        detect(crate::text::wordbook::shared_for_tests(), text)
            .into_iter()
            .map(|(s, _)| s.name())
            .collect()
    }

    fn fires(strategy: Strategy, yes: &str, no: &str) {
        assert!(
            fired(yes).contains(&strategy.name()),
            "{} should fire on {yes:?}: {:?}",
            strategy.name(),
            fired(yes)
        );
        assert!(
            !fired(no).contains(&strategy.name()),
            "{} should not fire on {no:?}: {:?}",
            strategy.name(),
            fired(no)
        );
    }

    #[test]
    fn each_strategy_fires_on_a_clear_example_only() {
        use Strategy::*;
        fires(Gratitude, "Thanks for checking that.", "Check that.");
        fires(Gratitude, "I really appreciate your help.", "I need your help.");
        fires(
            Deference,
            "Great work on the report. Can you send it?",
            "Can you send the report?",
        );
        fires(Greeting, "Hi Maria, what do you see?", "What do you see, Maria?");
        fires(PositiveLexicon, "That was really helpful.", "That was the screen.");
        fires(NegativeLexicon, "That is a ridiculous setup.", "That is the setup.");
        fires(Apologizing, "Sorry, I missed that.", "I missed that.");
        fires(Please, "Could you please restart it?", "Could you restart it?");
        fires(PleaseStart, "Please restart it.", "Could you please restart it?");
        fires(IndirectBtw, "By the way, is the light on?", "Is the light on?");
        fires(DirectQuestion, "What is your name?", "Could you tell me your name?");
        fires(WhyQuestion, "Why did you do that?", "What happened then?");
        fires(DirectStart, "So did it work?", "Did it work?");
        fires(
            CounterfactualModal,
            "Would you read it to me?",
            "Can you read it to me?",
        );
        fires(IndicativeModal, "Can you read it to me?", "Would you read it to me?");
        fires(FirstPersonStart, "I checked the logs.", "The logs were checked by me.");
        fires(FirstPerson, "The logs were checked by me.", "I checked them.");
        fires(FirstPersonPlural, "Let's restart it together.", "Restart it.");
        fires(SecondPersonStart, "You broke it.", "It broke.");
        fires(SecondPerson, "Did you restart it?", "You restarted it.");
        fires(Hedges, "I think it may be the cable.", "It is the cable.");
        fires(Factuality, "Actually, it is the cable.", "It is the cable.");
        fires(IndirectRequest, "I was wondering if you could check.", "Check it.");
        fires(OfferHelp, "Would you like me to stay on the line?", "Stay on the line.");
        fires(Imperative, "Just click the button.", "Could you click the button?");
        fires(Imperative, "Don't touch that.", "Please don't touch that.");
        fires(Obligation, "You need to restart it.", "It needs a restart.");
        fires(Insult, "What the hell is this crap?", "What is this?");
        fires(Blame, "You should have called earlier.", "Thanks for calling.");
        fires(Dismissal, "Calm down, it is fine.", "It is fine.");
        fires(Shouting, "IT IS NOT WORKING", "The DNS is not working");
        fires(EmphaticPunctuation, "Are you serious?!", "Are you sure?");
        fires(NegativeQuestion, "Didn't you read the email?", "Did you get the email?");
        fires(StackedQuestions, "Is it on? Did you check?", "It is on. Did you check?");
        fires(Help, "I need your help with this.", "I need this.");
        fires(Consulting, "What do you think?", "What do you see?");
        fires(Smiley, "That worked :)", "See talk:Page");
    }

    #[test]
    fn context_changes_what_fires() {
        // "So" before a paraphrase is not a direct start.
        assert!(!fired("So if I understand correctly, it stopped today?").contains(&"direct_start"));
        assert!(fired("So you broke it?").contains(&"direct_start"));
        // "Don't worry" reassures; "Don't touch it" orders.
        assert!(!fired("Don't worry, we'll fix it.").contains(&"imperative"));
        // "Why do you think" asks for a justification, not a view.
        assert!(!fired("Why do you think it is down?").contains(&"consulting"));
        assert!(fired("Why do you think it is down?").contains(&"why_question"));
        // An embedded why in a question still challenges.
        assert!(fired("I wonder why you changed it?").contains(&"why_question"));
        // "Why don't we...?" is a suggestion.
        assert!(!fired("Why don't we restart it together?").contains(&"why_question"));
        assert!(!fired("Why don't we restart it together?").contains(&"negative_question"));
        assert!(fired("Why don't you restart it?").contains(&"why_question"));
        // A semicolon does not start a sentence.
        assert!(!fired("It is fine; you can go.").contains(&"second_person_start"));
    }

    #[test]
    fn a_line_that_ends_where_a_strategy_looks_further_is_read_safely() {
        // Each of these stops right after a word that makes a strategy look at
        // the next word; once this indexed past the end and panicked.
        for line in ["So", "So.", "Why don't", "Didn't you", "Hi", "Please", "Just", ""] {
            let _ = fired(line);
        }
    }

    #[test]
    fn help_desk_lines_score_as_a_trainer_would() {
        let polite = [
            "Could you please restart it?",
            "Hi, I'm sorry about that, I want to help.",
        ];
        let blunt = [
            "You need to restart it.",
            "Just click the button, come on.",
            "Calm down.",
        ];
        for p in polite {
            assert!(
                score(crate::text::wordbook::shared_for_tests(), p).score > 0.0,
                "{p}: {:?}",
                score(crate::text::wordbook::shared_for_tests(), p)
            );
        }
        for b in blunt {
            assert!(
                score(crate::text::wordbook::shared_for_tests(), b).score < -1.0,
                "{b}: {:?}",
                score(crate::text::wordbook::shared_for_tests(), b)
            );
        }
        let p = score(
            crate::text::wordbook::shared_for_tests(),
            "Why didn't you read the email?",
        );
        assert_eq!(p.most_impolite().map(|f| f.name), Some("why_question"));
    }

    #[test]
    fn spans_quote_the_text() {
        let text = "Hi. Could you please restart it? Thanks!";
        let found = detect(crate::text::wordbook::shared_for_tests(), text);
        let quote = |s: Strategy| -> Vec<&str> {
            found
                .iter()
                .find(|(f, _)| *f == s)
                .map(|(_, spans)| spans.iter().map(|r| &text[r.clone()]).collect())
                .unwrap_or_default()
        };
        assert_eq!(quote(Strategy::Greeting), ["Hi"]);
        assert_eq!(quote(Strategy::CounterfactualModal), ["Could you"]);
        assert_eq!(quote(Strategy::Please), ["please"]);
        assert_eq!(quote(Strategy::Gratitude), ["Thanks"]);
    }

    #[test]
    fn lexicon_words_are_whole_words() {
        assert!(!fired("Hello there.").contains(&"insult"));
        assert!(!fired("I am pleased with it.").contains(&"please"));
        assert!(fired("fucking useless").contains(&"insult"));
    }

    #[test]
    fn the_score_is_the_sum_of_the_weights_that_fired() {
        let p = score(
            crate::text::wordbook::shared_for_tests(),
            "Could you please read me the error? Thanks!",
        );
        let sum: f64 = p.features.iter().map(|f| f.weight).sum::<f64>();
        assert!((p.score - sum).abs() < 1e-12);
        assert!((p.probability - sigmoid(BIAS + p.score)).abs() < 1e-12);
        assert_eq!(
            score(crate::text::wordbook::shared_for_tests(), "The printer is offline.").score,
            0.0,
            "nothing fires: neutral"
        );
        assert_eq!(STRATEGIES, Strategy::ALL.len());
        for (i, s) in Strategy::ALL.iter().enumerate() {
            assert_eq!(s.index(), i);
        }
    }

    #[test]
    fn the_trainer_separates_a_simple_signal() {
        let xs: Vec<Vec<f64>> = (0..40).map(|i| vec![(i % 2) as f64, ((i / 2) % 2) as f64]).collect();
        let ys: Vec<bool> = (0..40).map(|i| i % 2 == 1).collect();
        let model = fit_logistic(&xs, &ys, 1.0);
        assert!(model.weights[0] > 2.0, "{model:?}");
        assert!(model.weights[1].abs() < 0.5, "{model:?}");
        assert_eq!(model, fit_logistic(&xs, &ys, 1.0), "deterministic");
    }
}
