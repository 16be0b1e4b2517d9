//! The mock gateway (`taobao-top-mock`) serves every API of `spec/` in JSON and XML from its
//! generated table: the documented request of each, signed by this crate's independent
//! signer and posted as a form, gets an answer the generated response type decodes.

use std::collections::BTreeMap;

use taobao_top::Format;
use taobao_top_mock::MockGateway;
use taobao_top_tests::independent::independent_sign;
use taobao_top_tests::registry::SPEC_APIS;

#[tokio::test(flavor = "multi_thread")]
async fn every_api_of_spec_is_served_in_json_and_xml() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let gateway = MockGateway::builder()
        .session("a-user-session")
        .start()
        .await
        .unwrap();
    let served: Vec<&str> = MockGateway::methods().collect();
    let registered: Vec<&str> = SPEC_APIS.iter().map(|api| api.info.method).collect();
    assert_eq!(served, registered, "the mock's table is the APIs of spec/");
    let http = reqwest::Client::new();
    for api in SPEC_APIS {
        let method = api.info.method;
        let spec = taobao_top_tests::spec(method);
        let mismatched = taobao_top_tests::mismatched_paths(&spec.response.fields, "");
        let documented = taobao_top_tests::documented_request(&spec);
        let wire = (api.documented_request)(documented).unwrap_or_else(|e| panic!("{method}: {e}"));
        for (format, format_name) in [(Format::Json, "json"), (Format::Xml, "xml")] {
            let mut params: BTreeMap<String, String> = wire
                .params
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect();
            for (key, value) in [
                ("method", method),
                ("app_key", gateway.app_key()),
                ("timestamp", &taobao_top::TopDateTime::now().to_string()),
                ("v", "2.0"),
                ("sign_method", "hmac-sha256"),
                ("format", format_name),
                ("session", gateway.session()),
            ] {
                params.insert(key.to_owned(), value.to_owned());
            }
            let sign = independent_sign(&params, gateway.app_secret(), "hmac-sha256").unwrap();
            params.insert("sign".to_owned(), sign);
            let (content_type, body) = if wire.files.is_empty() {
                let form = form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(&params)
                    .finish();
                (
                    "application/x-www-form-urlencoded;charset=UTF-8".to_owned(),
                    form.into_bytes(),
                )
            } else {
                multipart(&params, &wire.files)
            };
            let answer = http
                .post(gateway.url())
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(
                !answer.contains("error_response"),
                "{method} {format_name}: {answer}"
            );
            match (api.debug_answer)(format, &answer) {
                Ok(_) => {}
                // The page's example is not a value of its type (kept as
                // `mismatched_example`): the documented answer may fail at that field only.
                Err(taobao_top::Error::Decode(error))
                    if mismatched
                        .iter()
                        .any(|path| error.path.starts_with(path.as_str())) => {}
                Err(e) => panic!("{method} {format_name}: {e}\n{answer}"),
            }
        }
    }
    let journal = gateway.journal();
    assert_eq!(journal.len(), SPEC_APIS.len() * 2);
    assert!(journal.iter().all(|call| call.rejected.is_none()));
}

/// A `multipart/form-data` body, written here by hand: the text parameters, and a small
/// file for each file parameter (files are not signed).
fn multipart(params: &BTreeMap<String, String>, files: &[&str]) -> (String, Vec<u8>) {
    let boundary = "mock-gateway-test-boundary";
    let mut body = Vec::new();
    for (name, value) in params {
        let part = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        );
        body.extend_from_slice(part.as_bytes());
    }
    for name in files {
        let head = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"f.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
        );
        body.extend_from_slice(head.as_bytes());
        body.extend_from_slice(&[0xFF, 0xD8, 0xFF, 0xD9]);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
