//! The interactive `play` in a real pseudo-terminal, typed into as a trainee would.

use std::process::Command;

use rexpect::session::{PtySession, spawn_command};

static SESSIONS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Generous: the machines are shared and a debug build is slow to start.
const TIMEOUT_MS: u64 = 20_000;

fn deskcoach(args: &[&str]) -> PtySession {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("deskcoach"));
    command.args(args).env_clear().env("TERM", "xterm").env("NO_COLOR", "1");
    // Each session records into its own database, so tests never share state.
    let db = std::env::temp_dir().join(format!(
        "deskcoach-pty-{}-{}.db",
        std::process::id(),
        SESSIONS.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    ));
    command.env("HOME", std::env::temp_dir()).env("DESKCOACH_DB", db);
    spawn_command(command, Some(TIMEOUT_MS)).expect("deskcoach starts in a pseudo-terminal")
}

/// Says a line and waits for the caller's answer to contain `expect`.
fn say(p: &mut PtySession, line: &str, expect: &str) {
    p.exp_string("you> ").expect("the trainee prompt");
    p.send_line(line).expect("typing works");
    p.exp_string(expect)
        .unwrap_or_else(|e| panic!("after {line:?} expected {expect:?}: {e}"));
}

/// Types one line of the ticket note once its prompt is up, and waits until it is taken.
/// rustyline drops what is typed ahead of a prompt, so each line waits for the terminal to
/// leave line editing (bracketed paste off) before the next.
fn note(p: &mut PtySession, line: &str) {
    p.exp_string("note> ").expect("the note prompt");
    p.send_line(line).expect("typing works");
    p.exp_string("\u{1b}[?2004l").expect("the line is taken");
}

#[test]
fn a_natural_trainee_resolves_internet_down() {
    let mut p = deskcoach(&["play", "internet-down"]);
    p.exp_string("Caller: Maria Lopez, Sales representative").unwrap();
    p.exp_string("The Internet is down!").unwrap();
    say(
        &mut p,
        "Hi Maria, I'm Alex from the help desk. I'm really sorry, that sounds stressful with a client call coming up.",
        "Maria (",
    );
    say(
        &mut p,
        "Can you tell me what you see when you open a web page?",
        "can't connect",
    );
    say(&mut p, "/facts", "no websites or email");
    say(
        &mut p,
        "Has anything changed with your laptop since yesterday?",
        "docking station",
    );
    say(&mut p, "/hint", "Hint:");
    say(
        &mut p,
        "Could you open the network settings and read me the IP address?",
        "192.168.1.50",
    );
    say(
        &mut p,
        "Please pick 'obtain an IP address automatically' and click OK.",
        "ticked",
    );
    say(&mut p, "Can you check if websites load now?", "Google loads");
    p.exp_string("Close it in one line").unwrap();
    say(
        &mut p,
        "Great! Is there anything else I can help you with today?",
        "that's everything",
    );
    p.exp_string("The call is over: resolved.").unwrap();
    note(
        &mut p,
        "User could not reach websites or email. Static IP 192.168.1.50 set during dock swap.",
    );
    note(&mut p, "Set the adapter to DHCP; verified websites and email work.");
    note(&mut p, "");
    p.exp_string("Outcome     resolved").unwrap();
    p.exp_string("Key facts   3/3 found").unwrap();
    p.exp_string("Hints       1 (before turn 4)").unwrap();
    p.exp_string("mentions 3/3 required facts").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn blame_and_why_questions_make_the_caller_hang_up() {
    let mut p = deskcoach(&["play", "internet-down"]);
    p.exp_string("The Internet is down!").unwrap();
    say(&mut p, "Why do you think the Internet is down?", "8/10");
    say(&mut p, "Well, you must have changed something.", "*click*");
    p.exp_string("The call is over: the caller hung up in anger.").unwrap();
    p.exp_string("note> ").unwrap();
    p.send_control('d').unwrap();
    p.exp_string("Outcome     the caller hung up in anger").unwrap();
    p.exp_eof().unwrap();
}

/// The caller listens: the brief (not the trainer's summary) and the mood scale come first;
/// two questions in one line are answered in the order asked; an instruction is done; a
/// denial is not heard as the thing denied; and nothing is said twice.
#[test]
fn the_caller_answers_what_was_said() {
    let mut p = deskcoach(&["play", "printer-offline"]);
    p.exp_string("Diane Whitaker, executive assistant to the CEO, calls")
        .unwrap();
    p.exp_string("forty copies").unwrap();
    p.exp_string("0 calm ... 10 hangs up").unwrap();
    say(
        &mut p,
        "Hi Diane, Sam at the desk here. Has anybody else been able to print, and what does the error say exactly?",
        "Nadia next door printed",
    );
    p.exp_string("'Offline'").unwrap();
    say(
        &mut p,
        "Could you close Word and open the board pack again for me?",
        "Done",
    );
    p.exp_string("you> ").unwrap();
    p.send_line("I'm not going to ask you to restart anything, don't worry.")
        .unwrap();
    let (_, reply) = p.exp_regex(r"Diane \([^)]*\): [^\r\n]*").unwrap();
    assert!(
        !reply.contains("turned the printer off and on"),
        "a denial of a restart is no request to restart: {reply}"
    );
    say(
        &mut p,
        "Which Wi-Fi network does your laptop say it's on?",
        "Harbor-Guest",
    );
    say(&mut p, "Please connect to Harbor-Staff instead.", "Connected");
    p.send_line("/end").unwrap();
    p.exp_string("note> ").unwrap();
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn ctrl_c_clears_the_line_and_ctrl_d_ends_the_call() {
    let mut p = deskcoach(&["play", "internet-down"]);
    p.exp_string("you> ").unwrap();
    p.send("This is your fault").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("you> ").unwrap();
    p.send_line("/nonsense").unwrap();
    p.exp_string("Unknown command /nonsense").unwrap();
    p.exp_string("you> ").unwrap();
    p.send_control('d').unwrap();
    p.exp_string("The call is over: ended before it was resolved.").unwrap();
    p.exp_string("note> ").unwrap();
    p.send("half a line").unwrap();
    p.send_control('c').unwrap();
    p.send_line("Caller hung up before diagnosis.").unwrap();
    p.exp_string("note> ").unwrap();
    p.send_control('d').unwrap();
    p.exp_string("Turns       0").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn the_menu_picks_a_scenario_and_can_be_left() {
    let mut p = deskcoach(&["play"]);
    p.exp_string("Pick a call to take").unwrap();
    p.exp_string("or q to quit> ").unwrap();
    p.send_line("99").unwrap();
    p.exp_string("Type a number from 1 to").unwrap();
    p.send_line("internet-down").unwrap();
    p.exp_string("The Internet is down").unwrap();
    p.exp_string("you> ").unwrap();
    p.send_line("/end").unwrap();
    p.exp_string("note> ").unwrap();
    p.send_line("").unwrap();
    p.exp_eof().unwrap();

    let mut p = deskcoach(&["play"]);
    p.exp_string("or q to quit> ").unwrap();
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
}
