//! The shipped scenarios played end to end in script mode (`deskcoach play ID --script FILE`):
//! for each, a strong trainee reaches the resolved end and finds the key facts, and a poor one
//! (blame, "why" questions, brushing the caller off) loses the caller. Each run has a fresh
//! folder and a cleared environment, so it repeats byte for byte.

use assert_cmd::Command;
use tempfile::TempDir;

/// What one scripted call printed.
struct Played {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Played {
    fn has(&self, needle: &str) -> &Self {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    fn lacks(&self, needle: &str) -> &Self {
        assert!(
            !self.stdout.contains(needle),
            "stdout has {needle:?}\n--- stdout ---\n{}",
            self.stdout
        );
        self
    }

    /// The caller hung up or ran out of patience.
    fn lost_the_caller(&self) -> &Self {
        let lost = self.stdout.contains("Outcome     the caller hung up")
            || self.stdout.contains("Outcome     the caller ran out of patience");
        assert!(
            lost,
            "the caller should have hung up or run out of patience\n--- stdout ---\n{}",
            self.stdout
        );
        self.lacks("Outcome     resolved")
    }

    /// Where `needle` first appears, for checks on the order of events in the call.
    fn position(&self, needle: &str) -> usize {
        self.stdout
            .find(needle)
            .unwrap_or_else(|| panic!("stdout lacks {needle:?}\n--- stdout ---\n{}", self.stdout))
    }
}

/// Plays `scenario` with `script` (one trainee line a line; `---` starts the note).
fn play(scenario: &str, script: &str, seed: u64) -> Played {
    let dir = TempDir::new().expect("a temporary folder");
    let path = dir.path().join("script.txt");
    std::fs::write(&path, script).expect("write the script");
    let output = Command::cargo_bin("deskcoach")
        .expect("the deskcoach binary")
        .env_clear()
        .env("NO_COLOR", "1")
        .env("HOME", dir.path())
        .env("DESKCOACH_DB", dir.path().join("deskcoach.db"))
        .current_dir(dir.path())
        .args(["play", scenario, "--script"])
        .arg(&path)
        .args(["--seed", &seed.to_string()])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("deskcoach runs");
    let played = Played {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !played.stderr.contains("panicked"),
        "deskcoach panicked:\n{}",
        played.stderr
    );
    played
}

// ---------------------------------------------------------------------------------------------
// internet-down

const INTERNET_DOWN_STRONG: &str = include_str!("../scenarios/tests/internet-down/strong.txt");

const INTERNET_DOWN_POOR: &str = include_str!("../scenarios/tests/internet-down/weak.txt");

#[test]
fn internet_down_a_strong_call_is_resolved_with_the_key_facts() {
    let call = play("internet-down", INTERNET_DOWN_STRONG, 0);
    assert_eq!(call.code, 0, "stderr: {}", call.stderr);
    call.has("Outcome     resolved")
        .has("(found: no websites or email)")
        .has("(found: dock swapped yesterday)")
        .has("(found: static IP 192.168.1.50)")
        .has("Key facts   3/3 found")
        .has("mentions 3/3 required facts");
}

#[test]
fn internet_down_blame_and_why_questions_lose_the_caller() {
    let call = play("internet-down", INTERNET_DOWN_POOR, 0);
    call.lost_the_caller().lacks("(found: static IP 192.168.1.50)");
}

// ---------------------------------------------------------------------------------------------
// printer-offline

const PRINTER_STRONG: &str = include_str!("../scenarios/tests/printer-offline/strong.txt");

const PRINTER_POOR: &str = include_str!("../scenarios/tests/printer-offline/weak.txt");

#[test]
fn printer_offline_a_strong_call_is_resolved_with_the_key_facts() {
    let call = play("printer-offline", PRINTER_STRONG, 0);
    assert_eq!(call.code, 0, "stderr: {}", call.stderr);
    call.has("Outcome     resolved")
        .has("(found: board pack stuck in the queue)")
        .has("(found: printer shows \"Offline\")")
        .has("(found: laptop used in the boardroom yesterday)")
        .has("(found: laptop on the guest Wi-Fi)")
        .has("Key facts   4/4 found")
        .has("mentions 3/3 required facts");
}

#[test]
fn printer_offline_the_workaround_first_then_the_real_fix_is_resolved() {
    let script = "\
Hello, IT help desk, this is Sam. I can hear this is urgent and I'm going to help.
As a quick workaround, could you email the board pack to Nadia so she prints it from her computer?
Now let's fix your laptop. What happens when you press print?
Did anything change since yesterday?
Which Wi-Fi network are you connected to?
Please click Harbor-Staff and press Connect.
Let's print a test page.
Is it printing properly now?
---
";
    let call = play("printer-offline", script, 0);
    call.has("(found: copies printed from Nadia's computer)")
        .has("(found: laptop on the guest Wi-Fi)")
        .has("I'll cancel the extra copies")
        .has("Outcome     resolved");
}

#[test]
fn printer_offline_blame_and_why_questions_lose_the_caller() {
    let call = play("printer-offline", PRINTER_POOR, 0);
    call.lost_the_caller().lacks("(found: laptop on the guest Wi-Fi)");
}

#[test]
fn printer_offline_the_colleague_workaround_ends_in_a_follow_up() {
    let script = "\
Hello, IT help desk, this is Sam. I can hear this is urgent and I'm going to help.
Could you try sending it to the finance printer downstairs?
As a quick workaround, could you email the board pack to Nadia so she prints it from her computer?
I'll log this and a technician will sort out your laptop after your meeting.
---
Laptop cannot print: every printer shows Offline. Workaround: board pack printed from a colleague's
computer. Technician to check the laptop after the board meeting.
";
    let call = play("printer-offline", script, 0);
    call.has("(found: other printers offline too)")
        .has("(found: copies printed from Nadia's computer)")
        .has("Outcome     escalated");
}

// ---------------------------------------------------------------------------------------------
// password-reset

const PASSWORD_STRONG: &str = include_str!("../scenarios/tests/password-reset/strong.txt");

const PASSWORD_POOR: &str = include_str!("../scenarios/tests/password-reset/weak.txt");

#[test]
fn password_reset_a_strong_call_verifies_then_resets_and_is_resolved() {
    let call = play("password-reset", PASSWORD_STRONG, 0);
    assert_eq!(call.code, 0, "stderr: {}", call.stderr);
    call.has("Outcome     resolved")
        .has("(found: account locked out)")
        .has("(found: password changed yesterday)")
        .has("(found: phone kept using the old password)")
        .has("(found: employee ID 40172)")
        .has("(found: phone updated with the new password)")
        .has("Key facts   4/4 found")
        .has("mentions 3/3 required facts");
    // The identity came out before the caller signed in with the reset password.
    assert!(call.position("(found: employee ID 40172)") < call.position("I'm signing in"));
}

#[test]
fn password_reset_blame_and_why_questions_lose_the_caller() {
    let call = play("password-reset", PASSWORD_POOR, 0);
    call.lost_the_caller().lacks("(found: employee ID 40172)");
}

#[test]
fn password_reset_a_reset_without_verification_goes_nowhere() {
    // Resetting again and again without checking who is calling never gets the caller in.
    let script = "\
Hi, this is Sam from IT. I'm sorry you're locked out.
What does the error say?
No problem, I'll reset your password now.
I'll just reset it, it's quicker.
Okay, I've unlocked your account.
Let me reset that password for you.
---
Reset password.
";
    let call = play("password-reset", script, 0);
    call.has("You haven't even asked who I am")
        .lacks("I'm signing in")
        .lacks("(found: employee ID 40172)")
        .lost_the_caller();
}

#[test]
fn password_reset_verifying_after_suspicion_gets_the_call_back_on_track() {
    let script = "\
Hi, this is Sam from IT. I'm sorry you're locked out.
What does the error say?
I'll reset your password now.
You're right, sorry. Can you confirm your employee ID and your manager's name?
Thanks. I've reset your password to a temporary one.
Choose a new password and type it twice.
---
";
    let call = play("password-reset", script, 0);
    let suspicious = call.position("You haven't even asked who I am");
    let verified = call.position("(found: employee ID 40172)");
    let reset = call.position("I'm signing in");
    assert!(suspicious < verified && verified < reset, "{}", call.stdout);
}

#[test]
fn password_reset_a_fix_that_ignores_the_phone_locks_the_caller_out_again() {
    let script = "\
Hi, this is Sam from IT. I'm sorry you're locked out.
Can you confirm your employee ID and your manager's name?
Thanks. I've reset your password to a temporary one.
Choose a new password and type it twice.
Can you check payroll works now?
---
";
    let call = play("password-reset", script, 0);
    call.has("It just threw me out").lacks("Outcome     resolved");
}

// ---------------------------------------------------------------------------------------------
// determinism

#[test]
fn the_same_script_and_seed_give_byte_identical_output() {
    for (scenario, script) in [
        ("printer-offline", PRINTER_STRONG),
        ("password-reset", PASSWORD_POOR),
        ("internet-down", INTERNET_DOWN_STRONG),
    ] {
        let first = play(scenario, script, 42);
        let second = play(scenario, script, 42);
        assert_eq!(first.code, second.code, "{scenario}: exit codes differ");
        assert_eq!(
            first.stdout, second.stdout,
            "{scenario}: the same script and seed printed different calls"
        );
    }
}

/// The caller never claims what the trainee did not say: an unlock with her usual password is
/// not a temporary password read out.
#[test]
fn password_reset_the_caller_claims_nothing_the_trainee_did_not_say() {
    let call = play(
        "password-reset",
        "Hi Rachel, Sam from the desk. Can you confirm your employee ID and your manager's name?\n\
         Thanks. I'll unlock the account, then you sign in with your usual password.\n",
        0,
    );
    let said: Vec<&str> = call.stdout.lines().filter(|l| l.starts_with("Rachel (")).collect();
    assert!(said.len() >= 2, "{}", call.stdout);
    assert!(!said.iter().any(|l| l.contains("temporary")), "{said:#?}");
}

/// A harmless "once she confirms" is no password handed out, and a proper escalation with
/// approver and timing ends the call as escalated, not as a hang-up.
#[test]
fn colleague_password_an_escalation_is_escalated_and_once_is_no_password() {
    let call = play(
        "colleague-password",
        "Service desk, Sam speaking. I can't share anyone's password, but I can get you the file. Can I take your name and employee ID?\n\
         Thanks Mark. Who's Karen's manager, and are they in today?\n\
         I'm raising an urgent access request now. Once Susan confirms by email, you'll get read access to the Henderson folder, usually within the hour.\n",
        0,
    );
    call.has("Outcome     escalated").lacks("that's all I needed");
}

/// "Like I said" is for the same question asked again, never for an instruction.
#[test]
fn printer_offline_an_instruction_is_done_not_heard_as_a_repeated_question() {
    let call = play(
        "printer-offline",
        "Hi Diane, Sam here. Is anyone else able to print?\n\
         Could you switch the printer to the other tray for me?\n",
        0,
    );
    call.lacks("Like I said");
}

/// An action the scenario names is done and reported in its own words.
#[test]
fn internet_down_an_action_is_done_and_reported() {
    let call = play(
        "internet-down",
        "Hi Maria, Sam from IT. I'm sorry, I know the call is close.\nCould you give it another go for me?\n",
        0,
    );
    call.has("I tried again. Same thing");
}

/// Once the caller has proved who she is, a reset said alongside the identity check is done.
#[test]
fn password_reset_a_reset_after_verification_is_done_even_beside_the_check() {
    let call = play(
        "password-reset",
        "Hi Rachel, Sam from the desk. Can you confirm your employee ID and your manager's name?\n\
         Thanks, your employee ID checks out, so I'll reset your password now.\n",
        0,
    );
    call.has("I'm signing in");
}

/// Short, natural lines move the call instead of stalling it: each gets an answer about what
/// was said, in three scenarios.
#[test]
fn short_natural_lines_get_answers_not_fallbacks() {
    let usb = play("laptop-no-boot", "Hi Tom, Sam here.\nAnything in the USB ports?\n", 0);
    usb.has("it's still in there");
    let cable = play(
        "internet-down",
        "Hi Maria, Sam here.\nPull the cable and try again.\n",
        0,
    );
    cable.has("I tried again.").lacks("I don't follow");
    let portal = play(
        "server-down",
        "Hi Kevin, Sam here. Sorry about this.\nUse the new portal address instead.\n",
        0,
    );
    portal.has("What new address?");
}
