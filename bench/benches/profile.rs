//! One call's logic in a loop, for a profiler: `valgrind --tool=callgrind` counts
//! instructions, which a busy machine does not disturb. Not run by `cargo bench` itself
//! unless named: `cargo bench -p taobao-top-bench --bench profile -- ours-json 2000`
//! (cases: ours-json, ours-xml, baseline-json, baseline-xml; and the request side alone:
//! ours-build, baseline-build, ours-sign-{md5,hmac,hmac-sha256}, baseline-sign-{..}).

use taobao_top::apis::alibaba_pos::order_pay::AlibabaPosOrderPayResponse;
use taobao_top::{CallOptions, Client, Format, SignMethod, TopDateTime, decode_response};
use taobao_top_bench::baseline::{self, Sign};
use taobao_top_bench::fixtures;

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let case = args.first().map(String::as_str).unwrap_or("ours-json");
    let count: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(2000);
    let answers = fixtures::order_pay();
    let options = CallOptions::new().timestamp(
        "2026-12-03 12:00:00"
            .parse::<TopDateTime>()
            .expect("a time"),
    );
    let client = |format| {
        Client::builder("12345678", "bench-app-secret")
            .format(format)
            .sign_method(SignMethod::Md5)
            .build()
            .expect("a client")
    };
    let before = taobao_top_bench::harness::allocations();
    match case {
        "ours-json" | "ours-xml" => {
            let (format, body) = if case == "ours-json" {
                (Format::Json, &answers.success_json)
            } else {
                (Format::Xml, &answers.success_xml)
            };
            let client = client(format);
            for _ in 0..count {
                let request = fixtures::pay_request("75626abc-452d-486e-970d-e65e12fc1456");
                let signed = client.sign_request(&request, &options).expect("signs");
                std::hint::black_box(&signed);
                let answer = decode_response::<AlibabaPosOrderPayResponse>(format, body);
                std::hint::black_box(answer.expect("decodes"));
            }
        }
        "baseline-json" | "baseline-xml" => {
            let json = case == "baseline-json";
            for _ in 0..count {
                let request = baseline::pay_request("75626abc-452d-486e-970d-e65e12fc1456");
                let format = if json { "json" } else { "xml" };
                let signed = baseline::sign(
                    &request,
                    "12345678",
                    "bench-app-secret",
                    "2026-12-03 12:00:00",
                    format,
                    Sign::Md5,
                );
                std::hint::black_box(&signed);
                let answer = if json {
                    baseline::decode_json(&answers.success_json)
                } else {
                    baseline::decode_xml(&answers.success_xml)
                };
                std::hint::black_box(answer.expect("decodes"));
            }
        }
        "ours-build" => {
            for _ in 0..count {
                std::hint::black_box(fixtures::pay_request(
                    "75626abc-452d-486e-970d-e65e12fc1456",
                ));
            }
        }
        "baseline-build" => {
            for _ in 0..count {
                let request = baseline::pay_request("75626abc-452d-486e-970d-e65e12fc1456");
                std::hint::black_box(&request);
            }
        }
        "ours-sign-md5" | "ours-sign-hmac" | "ours-sign-hmac-sha256" => {
            let method: SignMethod = case["ours-sign-".len()..].parse().expect("a sign method");
            let client = Client::builder("12345678", "bench-app-secret")
                .format(Format::Json)
                .sign_method(method)
                .build()
                .expect("a client");
            let request = fixtures::pay_request("75626abc-452d-486e-970d-e65e12fc1456");
            for _ in 0..count {
                let signed = client.sign_request(&request, &options).expect("signs");
                std::hint::black_box(&signed);
            }
        }
        "baseline-sign-md5" | "baseline-sign-hmac" | "baseline-sign-hmac-sha256" => {
            let method = match &case["baseline-sign-".len()..] {
                "md5" => Sign::Md5,
                "hmac" => Sign::Hmac,
                _ => Sign::HmacSha256,
            };
            let request = baseline::pay_request("75626abc-452d-486e-970d-e65e12fc1456");
            for _ in 0..count {
                let signed = baseline::sign(
                    &request,
                    "12345678",
                    "bench-app-secret",
                    "2026-12-03 12:00:00",
                    "json",
                    method,
                );
                std::hint::black_box(&signed);
            }
        }
        other => {
            eprintln!(
                "unknown case `{other}`: ours-json, ours-xml, baseline-json, baseline-xml, \
                 ours-build, baseline-build, ours-sign-<method>, baseline-sign-<method>"
            );
            std::process::exit(2);
        }
    }
    let allocations = taobao_top_bench::harness::allocations() - before;
    println!(
        "{case}: {count} calls, {:.1} allocations per call",
        allocations as f64 / count as f64
    );
}
