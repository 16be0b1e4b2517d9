//! The app secret and session keys never show up in `Debug`, `Display` or logs: of the
//! client, of any error, of a signed request, of the tracing output of failed and good calls.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use taobao_top::apis::alibaba_pos::AlibabaPosPayAccountAckRequest;
use taobao_top::{CallOptions, Client, Error, Format, Gateway, SignMethod};
use taobao_top_mock::{Answer, MockGateway, SessionKey, TopError};
use taobao_top_tests::{documented_request, spec};

const APP_KEY: &str = "12345678";
const SECRET: &str = "TOPSECRET-app-secret-42";
const SESSION: &str = "SESSIONKEY-6100e2b0b3f8";

async fn start() -> MockGateway {
    MockGateway::builder()
        .app_key(APP_KEY)
        .app_secret(SECRET)
        .session(SESSION)
        .start()
        .await
        .expect("the mock gateway starts")
}

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
        let gateway = start().await;
        let request: AlibabaPosPayAccountAckRequest =
            serde_json::from_value(documented_request(&spec("alibaba.pos.pay.account.ack")))
                .unwrap();
        let build = |secret: &str, timeout: Duration| {
            Client::builder(APP_KEY, secret)
                .gateway(Gateway::Custom(gateway.url()))
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
        let ack = "alibaba.pos.pay.account.ack";
        let error = TopError::new(15, "Remote service error").sub_code("isp.x");
        gateway.answer(ack, Answer::Error(error)).unwrap();
        results.push(client.execute(&request).await);
        let slow = Answer::Delayed(Duration::from_secs(2), Box::new(Answer::Documented));
        gateway.answer(ack, slow).unwrap();
        results.push(
            build(SECRET, Duration::from_millis(200))
                .with_session(SESSION)
                .execute(&request)
                .await,
        );
        let busy = Answer::Raw {
            status: 503,
            content_type: "text/plain".to_owned(),
            body: b"busy".to_vec(),
        };
        gateway.answer(ack, busy).unwrap();
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
        // The secret and session did reach the gateway: the test is not vacuous. (The mock
        // keeps no session key: `Valid` says it was the one it was started with.)
        let calls = gateway.journal();
        assert!(calls.iter().any(|c| c.session == SessionKey::Valid));
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

/// Text that only a body carries: it must stay on the error value, never reach the logs.
const BODY_MARK: &str = "BODYMARK-9f3c-收据";

/// Decode, HTTP status and API errors quote the body (`body_excerpt`, `msg`, `sub_msg`); the
/// tracing output of those failed calls names the kind, status, code/sub_code and decode
/// path only.
#[test]
fn bodies_never_appear_in_logs() {
    use taobao_top::apis::alibaba_pos::AlibabaPosOrderPayRequest;

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
    runtime.block_on(async {
        let gateway = start().await;
        let request: AlibabaPosOrderPayRequest =
            serde_json::from_value(documented_request(&spec("alibaba.pos.order.pay"))).unwrap();
        let client = Client::builder(APP_KEY, SECRET)
            .gateway(Gateway::Custom(gateway.url()))
            .build()
            .unwrap();

        let pay = "alibaba.pos.order.pay";
        let raw = |status: u16, content_type: &str, body: String| Answer::Raw {
            status,
            content_type: content_type.to_owned(),
            body: body.into_bytes(),
        };
        // A value that does not fit its type: a decode error at a path, quoting the body.
        let misfit = format!(
            r#"{{"alibaba_pos_order_pay_response":{{"result":{{"model":{{"current_pay_fee":"{BODY_MARK} 3 yuan"}}}}}}}}"#
        );
        gateway
            .answer(pay, raw(200, "application/json", misfit))
            .unwrap();
        match client.execute(&request).await {
            Err(Error::Decode(error)) => {
                assert_eq!(error.path, "result.model.current_pay_fee");
                assert!(error.body_excerpt.contains(BODY_MARK), "{error}");
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
        // Not JSON at all.
        let html = format!("<html>{BODY_MARK}</html>");
        gateway.answer(pay, raw(200, "text/html", html)).unwrap();
        match client.execute(&request).await {
            Err(Error::Decode(error)) => assert!(error.body_excerpt.contains(BODY_MARK)),
            other => panic!("expected a decode error, got {other:?}"),
        }
        // An HTTP error page.
        let page = format!("<html>502 {BODY_MARK}</html>");
        gateway.answer(pay, raw(502, "text/html", page)).unwrap();
        match client.execute(&request).await {
            Err(error @ Error::HttpStatus { status: 502, .. }) => {
                assert!(error.to_string().contains(BODY_MARK), "{error}");
            }
            other => panic!("expected an HTTP status error, got {other:?}"),
        }
        // An API error whose messages come from the body.
        let error = TopError::new(15, "Remote service error BODYMARK-9f3c-收据")
            .sub_code("isv.invalid-parameter")
            .sub_msg("非法参数 BODYMARK-9f3c-收据");
        gateway.answer(pay, Answer::Error(error)).unwrap();
        match client.execute(&request).await {
            Err(Error::Api(error)) => assert!(error.to_string().contains(BODY_MARK)),
            other => panic!("expected an API error, got {other:?}"),
        }
    });
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert_eq!(logs.matches("TOP call failed").count(), 4, "{logs}");
    // What a log may say: kind, status, code and sub_code, the decode path.
    for expected in [
        "outcome=\"decode_error\"",
        "path=\"result.model.current_pay_fee\"",
        "outcome=\"http_error\"",
        "http_status=502",
        "outcome=\"api_error\"",
        "code=15",
        "sub_code=\"isv.invalid-parameter\"",
    ] {
        assert!(logs.contains(expected), "`{expected}` not logged: {logs}");
    }
    assert!(
        !logs.contains("BODYMARK"),
        "a body reached the logs: {logs}"
    );
    assert_clean("tracing output", &logs);
}
