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

const INTERNET_DOWN_STRONG: &str = "\
Hi, thanks for calling the IT help desk, my name is Sam.
I'm sorry you've run into this right before your client call, and I want to help.
What happens when you open a website?
Did anything change recently?
Is anyone else affected?
Can you read me your IP address?
That address was typed in by hand. Select obtain an IP address automatically and click OK.
Can you check if it works now?
---
User could not reach any website or email. Laptop network adapter had a static IP address
(192.168.1.50) set manually during yesterday's dock swap. Reconfigured the adapter to obtain an
address automatically (DHCP). Verified with the user that websites and email work.
";

const INTERNET_DOWN_POOR: &str = "\
Yeah?
Why is your internet down?
You probably broke it.
Calm down, it's not a big deal.
Have you tried restarting?
You should have called earlier.
Whatever.
---
fixed it
";

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

const PRINTER_STRONG: &str = "\
Hi, thanks for calling the IT help desk, my name is Sam.
I'm sorry, that sounds really stressful with the board meeting so close. I'm going to help you get this printed.
What happens when you press print?
I see. What does it say on the screen about the printer?
Okay, thanks. Is anyone else able to print to that printer?
Thanks, that helps: so the printer itself is fine. What changed on your laptop since yesterday?
Got it, thanks. Which Wi-Fi network are you connected to?
That explains it: the guest network can't reach the office printers. Please click Harbor-Staff in that list and press Connect. This will only take a couple of minutes.
Great. Before the forty copies, let's print one test page to check it works.
Can you check the copies are coming out properly?
Is there anything else I can help you with today?
---
User could not print the board pack to EXEC-MFP-3F: the job sat in the queue and Printers showed the printer as \"Offline\". Other users could print to it. Cause: the laptop was put on the guest Wi-Fi (Harbor-Guest) for the boardroom projector yesterday; the guest network cannot reach office printers. Switched the laptop back to the staff Wi-Fi (Harbor-Staff). Test page printed and the 40 copies printed; confirmed with the user.
";

const PRINTER_POOR: &str = "\
Yeah, what's up?
Why didn't you print it yesterday?
You must have changed something on the printer.
Calm down, it's only a printer.
Have you tried turning it off and on again?
Whatever.
---
printer broke. fixed it.
";

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

const PASSWORD_STRONG: &str = "\
Good morning, IT service desk, you're speaking with Sam.
I'm sorry you're locked out with the payroll deadline coming up. I'm going to help you get back in.
What does the message on the screen say?
I see, thanks for reading that out. What changed with your password recently?
That helps. Tell me about any other devices that use your account, like a phone.
So if I understand correctly, your phone kept trying the old password and that locked the account. Before I reset anything, can you confirm your employee ID and your manager's name?
Thank you, you're verified. Here's what I'll do: I'll unlock your account and give you a temporary password, Blue-Harbor-72. It will only take a minute.
It will ask you to change it now: pick a new password you haven't used before and type it twice.
Great, you're in. Your phone still has the old password, so please update the password in the mail app on your phone too.
Thanks. Can you check that payroll is working now?
Is there anything else I can help you with today?
---
User locked out (\"The referenced account is currently locked out\") of Windows and the payroll site before the noon payroll cut-off. Identity verified: employee ID 40172, manager Grace Whitfield. Cause: password expired and was changed yesterday; the mail app on her phone kept trying the old password and locked the account. Unlocked the account and set a temporary password with change at next logon; user set a new password and updated it on her phone. Verified she could log in to payroll and stay logged in.
";

const PASSWORD_POOR: &str = "\
Yeah, what's your problem?
Why did you lock yourself out?
You must have typed it wrong loads of times, this is your fault.
Calm down, it's just payroll.
I'll reset your password.
Whatever.
---
reset pw
";

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
    // The identity came out before the caller typed the temporary password.
    assert!(call.position("(found: employee ID 40172)") < call.position("typing the temporary one"));
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
        .lacks("typing the temporary one")
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
    let reset = call.position("typing the temporary one");
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
