//! End-to-end calls per second of `alibaba.pos.order.pay` over loopback HTTP, 1 and 16
//! concurrent callers on one client, JSON and XML: ours beside a hand-written reqwest
//! client (`taobao_top_bench::baseline`) in the same run, alternating rounds.
//!
//! The gateway is a minimal hyper server in this process answering the documented success
//! at once (on its own runtime thread), so that the figures show the clients' cost, not a
//! gateway's checks. Bounded: a fixed number of calls per round, three rounds per case.
//!
//! `cargo bench -p taobao-top-bench --bench loopback`

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Instant;

use http_body_util::Full;
use hyper::body::Bytes;
use taobao_top::apis::alibaba_pos::AlibabaPosApis;
use taobao_top::{Client, Format, Gateway, SignMethod};
use taobao_top_bench::baseline::{self, Sign};
use taobao_top_bench::fixtures;

const APP_KEY: &str = "12345678";
const SECRET: &str = "bench-app-secret";
/// Calls per round, whatever the number of callers.
const CALLS: usize = 4_000;
const ROUNDS: usize = 3;

/// Serves the documented answers on 127.0.0.1 from a runtime of one thread; the URL.
fn start_gateway() -> String {
    let answers = fixtures::order_pay();
    let json = Bytes::from(answers.success_json);
    let xml = Bytes::from(answers.success_xml);
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("the gateway's runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind 127.0.0.1");
            let address = listener.local_addr().expect("an address");
            sender
                .send(format!("http://{address}/router/rest"))
                .expect("the bench waits");
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let (json, xml) = (json.clone(), xml.clone());
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request: hyper::Request<_>| {
                        let xml_wanted = request
                            .uri()
                            .query()
                            .is_some_and(|query| query.contains("format=xml"));
                        let (body, content_type) = if xml_wanted {
                            (xml.clone(), "text/xml;charset=UTF-8")
                        } else {
                            (json.clone(), "application/json;charset=UTF-8")
                        };
                        async move {
                            // The body is read, as a gateway must before answering.
                            let _ = http_body_util::BodyExt::collect(request.into_body()).await;
                            Ok::<_, Infallible>(
                                hyper::Response::builder()
                                    .header("content-type", content_type)
                                    .body(Full::new(body))
                                    .expect("a response"),
                            )
                        }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                });
            }
        });
    });
    receiver.recv().expect("the gateway started")
}

/// One client side: makes `calls` calls from `callers` tasks; calls per second.
async fn round(callers: usize, calls: usize, call: Arc<dyn Fn() -> Call + Send + Sync>) -> f64 {
    let started = Instant::now();
    let per_caller = calls / callers;
    let mut tasks = Vec::new();
    for _ in 0..callers {
        let call = Arc::clone(&call);
        tasks.push(tokio::spawn(async move {
            for _ in 0..per_caller {
                call().await;
            }
        }));
    }
    for task in tasks {
        task.await.expect("a caller");
    }
    (per_caller * callers) as f64 / started.elapsed().as_secs_f64()
}

type Call = std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>;

fn ours(url: &str, format: Format) -> Arc<dyn Fn() -> Call + Send + Sync> {
    let client = Client::builder(APP_KEY, SECRET)
        .gateway(Gateway::Custom(url.to_owned()))
        .format(format)
        .sign_method(SignMethod::Md5)
        .build()
        .expect("a client");
    Arc::new(move || {
        let client = client.clone();
        Box::pin(async move {
            let request = fixtures::pay_request("75626abc-452d-486e-970d-e65e12fc1456");
            client.alibaba_pos_order_pay(&request).await.expect("paid");
        })
    })
}

fn theirs(url: &str, format: Format) -> Arc<dyn Fn() -> Call + Send + Sync> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .tls_backend_preconfigured(tls())
        .build()
        .expect("a reqwest client");
    let url = reqwest::Url::parse(url).expect("a URL");
    let xml = format == Format::Xml;
    Arc::new(move || {
        let (http, mut url) = (http.clone(), url.clone());
        Box::pin(async move {
            let request = baseline::pay_request("75626abc-452d-486e-970d-e65e12fc1456");
            let timestamp = taobao_top::TopDateTime::now().to_string();
            let signed = baseline::sign(
                &request,
                APP_KEY,
                SECRET,
                &timestamp,
                if xml { "xml" } else { "json" },
                Sign::Md5,
            );
            url.set_query(Some(&signed.query));
            let body = http
                .post(url)
                .header(
                    "content-type",
                    "application/x-www-form-urlencoded;charset=UTF-8",
                )
                .body(signed.body)
                .send()
                .await
                .expect("sent")
                .bytes()
                .await
                .expect("read");
            let text = std::str::from_utf8(&body).expect("UTF-8");
            let answer = if xml {
                baseline::decode_xml(text)
            } else {
                baseline::decode_json(text)
            };
            answer.expect("paid");
        })
    })
}

fn tls() -> rustls::ClientConfig {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let url = start_gateway();
    // The clients: one runtime thread, as the gateway has one.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("the clients' runtime");
    println!(
        "\nalibaba.pos.order.pay over loopback, md5, {CALLS} calls per round, median of {ROUNDS} rounds"
    );
    println!(
        "{:<22} {:>14} {:>14} {:>7}",
        "case", "ours calls/s", "baseline", "ratio"
    );
    runtime.block_on(async {
        for format in [Format::Json, Format::Xml] {
            let (ours, theirs) = (ours(&url, format), theirs(&url, format));
            // Warm both connection pools.
            round(16, 320, Arc::clone(&ours)).await;
            round(16, 320, Arc::clone(&theirs)).await;
            for callers in [1, 16] {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                for _ in 0..ROUNDS {
                    a.push(round(callers, CALLS, Arc::clone(&ours)).await);
                    b.push(round(callers, CALLS, Arc::clone(&theirs)).await);
                }
                let (a, b) = (median(a), median(b));
                println!(
                    "{:<22} {:>14.0} {:>14.0} {:>6.2}x",
                    format!(
                        "{format}, {callers} caller{}",
                        if callers == 1 { "" } else { "s" }
                    ),
                    a,
                    b,
                    a / b
                );
            }
        }
    });
}
