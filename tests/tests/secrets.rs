//! The app secret and session keys never show up in `Debug`, `Display` or logs: of the
//! client, of any error, of a signed request, of the tracing output of failed and good calls.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use taobao_top::apis::alibaba_pos::AlibabaPosPayAccountAckRequest;
use taobao_top::{CallOptions, Client, Error, Format, Gateway, SignMethod};
use taobao_top_tests::gateway::{Reply, TestGateway};
use taobao_top_tests::{documented_request, spec};

const APP_KEY: &str = "12345678";
const SECRET: &str = "TOPSECRET-app-secret-42";
const SESSION: &str = "SESSIONKEY-6100e2b0b3f8";

/// Everything tracing writes, at every level.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn assert_clean(what: &str, text: &str) {
    assert!(
        !text.contains(SECRET),
        "{what} shows the app secret: {text}"
    );
    assert!(!text.contains(SESSION), "{what} shows the session: {text}");
}

#[test]
fn secrets_never_appear_in_debug_display_or_logs() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut texts: Vec<(String, String)> = Vec::new();
    runtime.block_on(async {
        let gateway = TestGateway::start(APP_KEY, SECRET, SESSION).await;
        let request: AlibabaPosPayAccountAckRequest =
            serde_json::from_value(documented_request(&spec("alibaba.pos.pay.account.ack")))
                .unwrap();
        let build = |secret: &str, timeout: Duration| {
            Client::builder(APP_KEY, secret)
                .gateway(Gateway::Custom(gateway.url.clone()))
                .sign_method(SignMethod::Md5)
                .format(Format::Xml)
                .timeout(timeout)
                .build()
                .unwrap()
        };
        let client = build(SECRET, Duration::from_secs(5)).with_session(SESSION);
        texts.push(("client Debug".into(), format!("{client:?}")));
        let signed = client.sign_request(&request, &CallOptions::new()).unwrap();
        texts.push(("signed request Debug".into(), format!("{signed:?}")));
        texts.push((
            "options Debug".into(),
            format!("{:?}", CallOptions::new().session(SESSION)),
        ));

        // A good call, a refused signature, an API error, a timeout, an HTTP error.
        let mut results: Vec<Result<_, Error>> = vec![client.execute(&request).await];
        results.push(
            build("wrong-secret", Duration::from_secs(5))
                .with_session(SESSION)
                .execute(&request)
                .await,
        );
        gateway.reply_with(Reply::Error {
            code: 15,
            msg: "Remote service error",
            sub_code: Some("isp.x"),
            sub_msg: None,
        });
        results.push(client.execute(&request).await);
        gateway.reply_with(Reply::Slow(
            Duration::from_secs(2),
            Box::new(Reply::Documented),
        ));
        results.push(
            build(SECRET, Duration::from_millis(200))
                .with_session(SESSION)
                .execute(&request)
                .await,
        );
        gateway.reply_with(Reply::Raw {
            status: 503,
            content_type: "text/plain",
            body: b"busy".to_vec(),
        });
        results.push(client.execute(&request).await);
        assert!(results[0].is_ok());
        assert_eq!(results.iter().filter(|r| r.is_err()).count(), 4);
        for result in &results {
            texts.push(("result Debug".into(), format!("{result:?}")));
            if let Err(error) = result {
                texts.push(("error Display".into(), error.to_string()));
                let mut source = std::error::Error::source(error);
                while let Some(inner) = source {
                    texts.push(("error source".into(), inner.to_string()));
                    source = inner.source();
                }
            }
        }
        // The secret and session did reach the gateway: the test is not vacuous.
        let calls = gateway.calls();
        assert!(
            calls
                .iter()
                .any(|c| c.params.get("session").map(String::as_str) == Some(SESSION))
        );
    });
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("TOP call done") && logs.contains("TOP call failed"),
        "logs captured: {logs}"
    );
    texts.push(("tracing output".into(), logs));
    for (what, text) in &texts {
        assert_clean(what, text);
    }
}
