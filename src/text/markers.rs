//! Named lists of tell-tale phrases: empathy, hollow stock phrases, blame, dismissal, sarcasm,
//! leading questions, vague ticket notes, politeness and jargon. `analyze` reports what it finds
//! from them, and rubric rules name them (`markers: blame`) rather than copying the lists, so
//! each list lives in one place. A rubric can add phrases of its own beside a named list.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::phrases::PhraseSet;

/// The named phrase lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MarkerSet {
    Empathy,
    HollowEmpathy,
    Blame,
    Dismissal,
    Sarcasm,
    Leading,
    VagueNote,
    Polite,
    Blunt,
    Jargon,
    Explanation,
}

impl MarkerSet {
    pub const ALL: [MarkerSet; 11] = [
        MarkerSet::Empathy,
        MarkerSet::HollowEmpathy,
        MarkerSet::Blame,
        MarkerSet::Dismissal,
        MarkerSet::Sarcasm,
        MarkerSet::Leading,
        MarkerSet::VagueNote,
        MarkerSet::Polite,
        MarkerSet::Blunt,
        MarkerSet::Jargon,
        MarkerSet::Explanation,
    ];

    pub fn name(self) -> &'static str {
        match self {
            MarkerSet::Empathy => "empathy",
            MarkerSet::HollowEmpathy => "hollow_empathy",
            MarkerSet::Blame => "blame",
            MarkerSet::Dismissal => "dismissal",
            MarkerSet::Sarcasm => "sarcasm",
            MarkerSet::Leading => "leading",
            MarkerSet::VagueNote => "vague_note",
            MarkerSet::Polite => "polite",
            MarkerSet::Blunt => "blunt",
            MarkerSet::Jargon => "jargon",
            MarkerSet::Explanation => "explanation",
        }
    }

    /// The phrases of the list, as written.
    pub fn phrases(self) -> &'static [&'static str] {
        match self {
            MarkerSet::Empathy => EMPATHY,
            MarkerSet::HollowEmpathy => HOLLOW_EMPATHY,
            MarkerSet::Blame => BLAME,
            MarkerSet::Dismissal => DISMISSAL,
            MarkerSet::Sarcasm => SARCASM,
            MarkerSet::Leading => LEADING,
            MarkerSet::VagueNote => VAGUE_NOTE,
            MarkerSet::Polite => POLITE,
            MarkerSet::Blunt => BLUNT,
            MarkerSet::Jargon => JARGON,
            MarkerSet::Explanation => EXPLANATION,
        }
    }

    /// The compiled list.
    pub fn set(self) -> &'static PhraseSet {
        static SETS: OnceLock<Vec<PhraseSet>> = OnceLock::new();
        let sets = SETS.get_or_init(|| MarkerSet::ALL.iter().map(|m| PhraseSet::new(m.phrases())).collect());
        &sets[MarkerSet::ALL.iter().position(|m| *m == self).unwrap_or(0)]
    }
}

const EMPATHY: &[&str] = &[
    "I understand",
    "I can understand",
    "I completely understand",
    "that sounds frustrating",
    "that sounds stressful",
    "that must be frustrating",
    "that must be stressful",
    "I can imagine",
    "I can see why",
    "I can hear",
    "I hear you",
    "I'd be frustrated too",
    "I would be frustrated too",
    "I know how",
    "I'm sorry you",
    "I am sorry you",
    "I'm sorry to hear",
    "I want to help",
    "I'm here to help",
    "let's get this sorted",
    "we'll get this sorted",
    "we will get this sorted",
    "we'll sort this out",
    "we'll get you",
    "I'll help you",
    "that's really annoying",
    "that is really annoying",
    "not what you need right now",
];

/// Stock phrases that sound like empathy and are heard as its opposite.
const HOLLOW_EMPATHY: &[&str] = &[
    "I apologize for any inconvenience",
    "I apologise for any inconvenience",
    "apologies for any inconvenience",
    "sorry for any inconvenience",
    "sorry for the inconvenience",
    "we apologize for any inconvenience",
    "we apologise for any inconvenience",
    "I'm sorry you feel that way",
    "I am sorry you feel that way",
    "sorry if you feel",
    "sorry you feel that way",
    "your call is important to us",
    "I understand your frustration, but",
    "I understand your frustration, however",
    "thank you for your patience and understanding",
];

const BLAME: &[&str] = &[
    "you should have",
    "you shouldn't have",
    "you should not have",
    "did you even",
    "your fault",
    "you must have",
    "what did you do",
    "you broke",
    "you caused",
    "you messed up",
    "you were supposed to",
    "didn't you read",
    "did you not read",
    "user error",
    "you clicked on",
    "you probably",
    "you obviously",
    "you keep",
    "if you had",
    "because you",
];

const DISMISSAL: &[&str] = &[
    "calm down",
    "obviously",
    "as I already said",
    "as I said",
    "like I said",
    "like I already said",
    "as I already told you",
    "I already told you",
    "why are you so angry",
    "why are you so upset",
    "why are you getting so upset",
    "why are you shouting",
    "that's not my problem",
    "not my problem",
    "not a big deal",
    "no big deal",
    "relax",
    "just relax",
    "everyone knows",
    "you need to understand",
    "with all due respect",
    "whatever",
    "that's just how it is",
    "nothing I can do",
    "settle down",
    "there's no need to shout",
    "stop shouting",
];

const SARCASM: &[&str] = &[
    "oh great",
    "good luck with that",
    "thanks a lot",
    "nice job",
    "yeah right",
    "genius",
    "well done you",
    "wow, really",
    "congratulations",
    "how hard can it be",
    "what a surprise",
    "shocking",
    "big surprise",
    "of course it is",
    "brilliant idea",
];

/// Phrases that push the caller towards the answer the trainee expects.
const LEADING: &[&str] = &[
    "isn't it",
    "aren't you",
    "don't you think",
    "wouldn't you agree",
    "surely",
    "I assume",
    "I take it",
    "presumably",
    "you didn't",
    "you haven't",
    "it's probably",
    "it must be",
    "didn't you",
    "haven't you",
];

/// Phrases that make a ticket note useless to the next reader.
const VAGUE_NOTE: &[&str] = &[
    "fixed it",
    "fixed the issue",
    "fixed the problem",
    "issue resolved",
    "problem solved",
    "issue fixed",
    "problem fixed",
    "broke",
    "done",
    "sorted",
    "sorted it",
    "all good",
    "works now",
    "working now",
    "it works",
    "did some stuff",
    "stuff",
    "some issue",
    "some issues",
    "something",
    "misc",
    "n/a",
    "no issues",
    "as usual",
    "the usual",
    "computer issue",
    "user issue",
    "had an issue",
    "sorted out",
    "took care of it",
    "handled",
];

const POLITE: &[&str] = &[
    "please",
    "thank you",
    "thanks",
    "could you",
    "would you",
    "would you mind",
    "if you don't mind",
    "I appreciate",
    "appreciate it",
    "sorry",
    "excuse me",
    "kindly",
    "if possible",
    "when you get a chance",
    "do you mind",
    "I'd appreciate",
    "great question",
    "no problem",
    "happy to help",
    "glad to help",
];

const BLUNT: &[&str] = &[
    "you need to",
    "you have to",
    "you must",
    "just do",
    "do it now",
    "hurry up",
    "listen",
    "I told you",
    "right now",
    "do what I say",
    "just click",
    "just restart",
    "just do it",
    "come on",
    "seriously",
    "for the last time",
];

/// Help-desk terms a non-technical caller may not know.
const JARGON: &[&str] = &[
    "DHCP",
    "DNS",
    "subnet",
    "subnet mask",
    "gateway",
    "default gateway",
    "NIC",
    "network adapter",
    "adapter",
    "ipconfig",
    "ifconfig",
    "VPN",
    "SSID",
    "MAC address",
    "TCP",
    "UDP",
    "ping",
    "traceroute",
    "latency",
    "proxy",
    "firewall",
    "port",
    "Active Directory",
    "LDAP",
    "SSO",
    "MFA",
    "2FA",
    "GPO",
    "group policy",
    "registry",
    "BIOS",
    "UEFI",
    "firmware",
    "driver",
    "drivers",
    "kernel",
    "cache",
    "SMTP",
    "IMAP",
    "POP3",
    "Exchange",
    "OST",
    "PST",
    "spooler",
    "print spooler",
    "print queue",
    "SMB",
    "NTFS",
    "ACL",
    "RDP",
    "SSH",
    "TLS",
    "SSL",
    "certificate",
    "bandwidth",
    "packet",
    "packets",
    "static IP",
    "IP lease",
    "lease",
    "IPv4",
    "IPv6",
    "localhost",
    "CLI",
    "powershell",
    "command line",
    "BSOD",
    "POST",
    "safe mode",
    "hash",
    "token",
    "OAuth",
    "tenant",
    "Azure AD",
    "Entra",
    "Intune",
    "MDM",
    "endpoint",
    "hypervisor",
    "VM",
    "virtual machine",
    "RAID",
    "SSD",
    "partition",
    "boot sector",
    "bootloader",
    "OU",
    "SID",
    "NAT",
    "VLAN",
    "IP address",
];

/// Words that show a term is being explained in the same sentence.
const EXPLANATION: &[&str] = &[
    "which is",
    "which means",
    "that means",
    "in other words",
    "basically",
    "meaning",
    "think of it as",
    "it's like",
    "it is like",
    "like a",
    "that's the",
    "that is the",
    "a kind of",
    "a sort of",
    "what that does",
    "in plain terms",
    "simply put",
    "in short",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_compiles_every_phrase() {
        for set in MarkerSet::ALL {
            for (i, phrase) in set.phrases().iter().enumerate() {
                assert_eq!(set.set().original(i), *phrase, "{}: {phrase}", set.name());
            }
        }
    }
}
