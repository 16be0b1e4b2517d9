//! Requests signed by an independent implementation (`tests/interop/top_sign.py`, Python's
//! standard library only) are accepted, and a tampered one is refused with code 25.

use taobao_top_mock::MockGateway;

fn python_call(gateway: &MockGateway, sign_method: &str, tamper: bool) -> serde_json::Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/interop/top_sign.py");
    let mut command = std::process::Command::new("python3");
    command.args([
        script,
        &gateway.url(),
        gateway.app_key(),
        gateway.app_secret(),
        sign_method,
    ]);
    if tamper {
        command.arg("--tamper");
    }
    let output = command
        .output()
        .expect("python3 runs (the interop check needs it on PATH)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("a JSON answer")
}

#[tokio::test(flavor = "multi_thread")]
async fn python_signed_calls_are_accepted_and_a_tampered_one_is_refused() {
    let gateway = MockGateway::builder()
        .app_secret("密钥-secret-ü")
        .start()
        .await
        .unwrap();
    for method in ["md5", "hmac", "hmac-sha256"] {
        let answer = python_call(&gateway, method, false);
        assert!(
            answer["alibaba_pos_order_pay_response"]["result"].is_object(),
            "{method}: {answer}"
        );
        let refused = python_call(&gateway, method, true);
        assert_eq!(refused["error_response"]["code"], 25, "{method}: {refused}");
    }
    let journal = gateway.journal();
    assert_eq!(journal.len(), 6);
    assert_eq!(journal.iter().filter(|c| c.rejected.is_none()).count(), 3);
}
