//! UI test: a request missing a required field does not compile, and the compiler's error
//! names the field and says what to call.
//!
//! The `compile_fail` doctests in `generated/src/builder.rs` hold that it does not compile;
//! this test holds the message. It checks a small crate depending on `taobao-top` with
//! `cargo check` (its own target folder, `target/ui`, reused across runs) and looks for the
//! message text only, not a whole `.stderr`: rustc's surrounding notes, spans and help lines
//! change between compiler versions, the message our `#[diagnostic::on_unimplemented]`
//! writes does not. (trybuild compares the whole normalized output, which ties the
//! expectation to one rustc.)

use std::path::Path;
use std::process::Command;

use taobao_top_tests::repo_root;

/// `cargo check` of `main` in a fresh crate depending on `taobao-top`; its stderr.
fn check(name: &str, main: &str) -> (bool, String) {
    let root = repo_root();
    let dir = root.join("target/ui").join(name);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"ui-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\ntaobao-top = {{ path = {:?}, features = [\"alibaba-pos\"] }}\n\n[workspace]\n",
        root.join("generated").display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(dir.join("src/main.rs"), main).unwrap();
    // The workspace's lock: the same versions, nothing resolved from the network.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["check", "--quiet", "--offline", "--message-format", "human"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", root.join("target/ui/target"))
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

const PAY: &str = "use taobao_top::apis::alibaba_pos::order_pay::PayRequest;\n\nfn main() {\n    let _pay = PayRequest::builder()\n        .request_id(\"r-1\").machine_id(\"001\").buyer_id(1)\n        .pay_channel(\"alipay_facepay_v2\").source(\"hema\").pay_fee(100).shop_id(\"1\")\n        .payment_channel(1006).payer_id(3).checkout_id(\"111\").merchant_code(\"HM\").order_id(\"111\")\n        OPERATOR\n        .build();\n}\n";

#[test]
fn a_missing_required_field_is_named_in_the_compiler_error() {
    assert!(Path::new(&repo_root().join("generated")).is_dir());
    let (ok, stderr) = check("missing_operator_id", &PAY.replace("OPERATOR", ""));
    assert!(!ok, "a PayRequest without operator_id must not compile");
    assert!(
        stderr.contains(
            "error[E0277]: `operator_id` is required: call `.operator_id(..)` before `.build()`"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("`operator_id` is not set"), "{stderr}");
    // Only the missing field is reported (rustc also quotes the generated invocation, which
    // holds every field's message, so count the errors, not the text).
    assert_eq!(stderr.matches("error[E0277]").count(), 1, "{stderr}");

    // The same chain with the field set compiles: the failure above is the missing field.
    let (ok, stderr) = check(
        "with_operator_id",
        &PAY.replace("OPERATOR", ".operator_id(\"123\")"),
    );
    assert!(ok, "{stderr}");
}
