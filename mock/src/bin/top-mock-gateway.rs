//! `top-mock-gateway`: the mock TOP gateway as a process, for tests in any language.
//! Prints `listening on http://HOST:PORT` as its first line, then serves until killed.

use std::process::ExitCode;

use taobao_top_mock::{Format, MockGateway};

const USAGE: &str = "usage: top-mock-gateway [--addr HOST:PORT] [--app-key KEY] [--app-secret SECRET] \
[--session SESSION] [--format-default json|xml]
  --addr 127.0.0.1:0 (the default) picks a free port; calls go to /router/rest, the journal is at /__journal";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let builder = match parse(&args) {
        Ok(builder) => builder,
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let gateway = match builder.start().await {
            Ok(gateway) => gateway,
            Err(error) => {
                eprintln!("error: cannot listen: {error}");
                return ExitCode::FAILURE;
            }
        };
        println!("listening on http://{}", gateway.addr());
        let _ = tokio::signal::ctrl_c().await;
        drop(gateway);
        ExitCode::SUCCESS
    })
}

fn parse(args: &[String]) -> Result<taobao_top_mock::MockGatewayBuilder, String> {
    let mut builder = MockGateway::builder();
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            return Err("help".to_owned());
        }
        let value = args
            .next()
            .ok_or_else(|| format!("`{flag}` needs a value"))?;
        builder = match flag.as_str() {
            "--addr" => builder.addr(
                value
                    .parse()
                    .map_err(|_| format!("`{value}` is not HOST:PORT"))?,
            ),
            "--app-key" => builder.app_key(value),
            "--app-secret" => builder.app_secret(value),
            "--session" => builder.session(value),
            "--format-default" => builder.format_default(match value.as_str() {
                "json" => Format::Json,
                "xml" => Format::Xml,
                _ => return Err(format!("`{value}` is not json or xml")),
            }),
            _ => return Err(format!("unknown flag `{flag}`")),
        };
    }
    Ok(builder)
}
