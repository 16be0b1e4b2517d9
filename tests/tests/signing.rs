//! Signatures against the known answers of the official Java SDK
//! (`tests/fixtures/top-sign-vectors.json`) and TOP's documented example, both through the
//! public `sign` function and end to end through the client's request building.

use std::collections::BTreeMap;

use serde::Deserialize;
use taobao_top::{CallOptions, Client, SignMethod, TopDateTime, TopRequest, sign, string_to_sign};
use taobao_top_tests::read;

#[derive(Deserialize)]
struct Vectors {
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
struct Vector {
    name: String,
    api: String,
    secret: String,
    sign_method: String,
    signed_params: BTreeMap<String, String>,
    string_to_sign: String,
    sign: String,
}

fn vectors() -> Vec<Vector> {
    let vectors: Vectors =
        serde_json::from_str(&read("tests/fixtures/top-sign-vectors.json")).unwrap();
    assert_eq!(vectors.vectors.len(), 3);
    vectors.vectors
}

#[test]
fn every_vector_signs_to_its_known_answer() {
    for vector in vectors() {
        let method: SignMethod = vector.sign_method.parse().unwrap();
        let params = vector
            .signed_params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()));
        assert_eq!(
            sign(params.clone(), &vector.secret, method),
            vector.sign,
            "{}",
            vector.name
        );
        let text = string_to_sign(params);
        let expected = match method {
            SignMethod::Md5 => format!("{}{text}{}", vector.secret, vector.secret),
            _ => text,
        };
        assert_eq!(expected, vector.string_to_sign, "{}", vector.name);
    }
}

#[test]
fn the_documented_example_signs_to_its_known_answer() {
    let params = [
        ("method", "taobao.item.seller.get"),
        ("app_key", "12345678"),
        ("session", "test"),
        ("timestamp", "2016-01-01 12:00:00"),
        ("format", "json"),
        ("v", "2.0"),
        ("sign_method", "md5"),
        ("fields", "num_iid,title,nick,price,num"),
        ("num_iid", "11223344"),
    ];
    assert_eq!(
        sign(params, "helloworld", SignMethod::Md5),
        "66987CB115214E59E6EC978214934FB8"
    );
    // `sign` itself and blank values are never signed.
    let with_extras = params
        .into_iter()
        .chain([("sign", "XYZ"), ("empty", ""), ("blank", " \t")]);
    assert_eq!(
        sign(with_extras, "helloworld", SignMethod::Md5),
        "66987CB115214E59E6EC978214934FB8"
    );
}

/// Rebuilds the vector's call with the client: typed request from its business
/// parameters, same app, partner id, session and timestamp; the signature and every
/// parameter sent must be the Java SDK's.
fn end_to_end<R: TopRequest + serde::de::DeserializeOwned>(vector: &Vector) {
    assert_eq!(R::METHOD, vector.api);
    let system = [
        "app_key",
        "format",
        "method",
        "partner_id",
        "session",
        "sign_method",
        "timestamp",
        "v",
    ];
    let mut business = serde_json::Map::new();
    for (key, value) in &vector.signed_params {
        if !system.contains(&key.as_str()) {
            let value = serde_json::from_str(value).unwrap_or_else(|_| {
                value
                    .parse::<i64>()
                    .map(Into::into)
                    .unwrap_or(value.clone().into())
            });
            business.insert(key.clone(), value);
        }
    }
    let request: R = serde_json::from_value(business.into())
        .expect("the vector's parameters fit the request type");
    let client = Client::builder(&vector.signed_params["app_key"], vector.secret.as_str())
        .sign_method(vector.sign_method.parse().unwrap())
        .partner_id(&vector.signed_params["partner_id"])
        .build()
        .unwrap();
    let mut options = CallOptions::new()
        .timestamp(TopDateTime::parse(&vector.signed_params["timestamp"]).unwrap());
    if let Some(session) = vector.signed_params.get("session") {
        options = options.session(session.as_str());
    }
    let signed = client.sign_request(&request, &options).unwrap();
    assert_eq!(signed.sign, vector.sign, "{}", vector.name);
    let mut sent: BTreeMap<String, String> = form_urlencoded_pairs(&signed.query);
    sent.extend(form_urlencoded_pairs(&signed.body));
    let mut expected = vector.signed_params.clone();
    expected.insert("sign".into(), vector.sign.clone());
    assert_eq!(sent, expected, "{}", vector.name);
}

fn form_urlencoded_pairs(text: &str) -> BTreeMap<String, String> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

/// `application/x-www-form-urlencoded` decoding, written out here so the test does not
/// lean on the encoder it checks.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 2;
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn the_client_reproduces_every_vector_end_to_end() {
    for vector in vectors() {
        // The request type of the vector's API, looked up among the APIs of `spec/`.
        macro_rules! if_its_api {
            ($name:ident, $request:ty, $method:literal) => {
                if vector.api == $method {
                    end_to_end::<$request>(&vector);
                    continue;
                }
            };
        }
        taobao_top_tests::for_each_spec_api!(if_its_api);
        panic!("{}: no API of spec/ is {}", vector.name, vector.api);
    }
}
