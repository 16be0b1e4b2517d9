//! A POS checkout through `taobao-top`, step by step: pay an order (settling a pending
//! payment by querying it), acknowledge the payer's account, report a bank-card sale, and
//! pay a fitness order.
//!
//! `cargo run --example pos_checkout` runs it offline against the embedded mock gateway,
//! which answers the first payment "pending". Against any TOP-compatible gateway (the TOP
//! sandbox with your own keys, say):
//!
//! ```text
//! cargo run --example pos_checkout -- --gateway http://gw.api.tbsandbox.com/router/rest \
//!     --app-key KEY --app-secret SECRET --session SESSION --sign-method hmac-sha256 --format json
//! ```
//!
//! Whatever the gateway does, the demo ends with a readable message; a failure exits
//! non-zero.

use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use taobao_top::apis::alibaba_alisports::lianbei_xpos_pay::{
    AlibabaAlisportsLianbeiXposPayRequest, QingchengPayReqDTO, ResultStatus as XposStatus,
};
use taobao_top::apis::alibaba_mos::oc_trade_syncbanksale::{
    AlibabaMosOcTradeSyncbanksaleRequest, PaymentChannel, PosBankSaleInfoDto, SaleType, SubSaleType,
};
use taobao_top::apis::alibaba_pos::order_pay::{
    AlibabaPosOrderPayRequest, PayRequest, ResultStatus,
};
use taobao_top::apis::alibaba_pos::pay_account_ack::{
    AlibabaPosPayAccountAckRequest, PayAccountDetailRequest,
};
use taobao_top::apis::alibaba_pos::pay_action_query::{
    AlibabaPosPayActionQueryRequest, PaymentActionRequest,
};
use taobao_top::prelude::*;
use taobao_top::{Client, Error, Format, Gateway, RetryPolicy, SignMethod};
use taobao_top_mock::{MockGateway, PaymentStatus};

const USAGE: &str =
    "usage: cargo run --example pos_checkout -- [--gateway URL --app-key KEY --app-secret SECRET]
       [--session SESSION] [--sign-method md5|hmac|hmac-sha256] [--format json|xml]
  without --gateway, the demo starts the embedded mock gateway on 127.0.0.1 and runs offline";

/// How many times a pending payment is queried before the till gives up on it.
const MAX_QUERIES: u32 = 10;

fn main() -> ExitCode {
    let settings = match Settings::parse(std::env::args().skip(1)) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(settings)) {
        Ok(()) => {
            println!("\ncheckout complete");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("\ncheckout stopped: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The command line.
#[derive(Debug)]
struct Settings {
    gateway: Option<String>,
    app_key: Option<String>,
    app_secret: Option<String>,
    session: Option<String>,
    sign_method: SignMethod,
    format: Format,
}

impl Settings {
    fn parse(args: impl Iterator<Item = String>) -> Result<Settings, String> {
        let mut settings = Settings {
            gateway: None,
            app_key: None,
            app_secret: None,
            session: None,
            sign_method: SignMethod::HmacSha256,
            format: Format::Json,
        };
        let mut args = args;
        while let Some(flag) = args.next() {
            if flag == "--help" || flag == "-h" {
                return Err("POS checkout demo".to_owned());
            }
            let value = args
                .next()
                .ok_or_else(|| format!("error: `{flag}` needs a value"))?;
            match flag.as_str() {
                "--gateway" => settings.gateway = Some(value),
                "--app-key" => settings.app_key = Some(value),
                "--app-secret" => settings.app_secret = Some(value),
                "--session" => settings.session = Some(value),
                "--sign-method" => {
                    settings.sign_method = match value.as_str() {
                        "md5" => SignMethod::Md5,
                        "hmac" => SignMethod::Hmac,
                        "hmac-sha256" => SignMethod::HmacSha256,
                        _ => {
                            return Err(format!(
                                "error: `{value}` is not md5, hmac or hmac-sha256"
                            ));
                        }
                    }
                }
                "--format" => {
                    settings.format = match value.as_str() {
                        "json" => Format::Json,
                        "xml" => Format::Xml,
                        _ => return Err(format!("error: `{value}` is not json or xml")),
                    }
                }
                _ => return Err(format!("error: unknown flag `{flag}`")),
            }
        }
        if settings.gateway.is_some()
            && (settings.app_key.is_none() || settings.app_secret.is_none())
        {
            return Err("error: --gateway needs --app-key and --app-secret".to_owned());
        }
        Ok(settings)
    }
}

async fn run(settings: Settings) -> Result<(), String> {
    // The embedded gateway lives as long as the demo: dropping it stops it.
    let (client, embedded) = connect(&settings).await?;
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis());
    pay_order(&client, &format!("demo-pay-{stamp}")).await?;
    acknowledge_payer(&client, settings.session.is_some() || embedded.is_some()).await?;
    report_bank_card_sale(&client, &format!("demo-sale-{stamp}")).await?;
    pay_fitness_order(&client, &format!("demo-fitness-{stamp}")).await?;
    Ok(())
}

/// A client of the given gateway, or of an embedded mock one (whose first payment answers
/// "pending" and settles as paid on its first query).
async fn connect(settings: &Settings) -> Result<(Client, Option<MockGateway>), String> {
    // Payments carry an idempotency key, queries only read: both are retried safely.
    let retry = RetryPolicy::standard().deadline(Duration::from_secs(20));
    let (url, key, secret, session, embedded) = match &settings.gateway {
        Some(url) => (
            url.clone(),
            settings.app_key.clone().unwrap_or_default(),
            settings.app_secret.clone().unwrap_or_default(),
            settings.session.clone(),
            None,
        ),
        None => {
            let gateway = MockGateway::start()
                .await
                .map_err(|e| format!("cannot start the embedded gateway: {e}"))?;
            gateway.payments_pending(1, PaymentStatus::Paid);
            (
                gateway.url(),
                gateway.app_key().to_owned(),
                gateway.app_secret().to_owned(),
                Some(gateway.session().to_owned()),
                Some(gateway),
            )
        }
    };
    println!(
        "TOP POS checkout demo: {} gateway {url}, {} answers, {} signatures",
        if embedded.is_some() {
            "embedded mock"
        } else {
            "given"
        },
        settings.format,
        settings.sign_method.as_str(),
    );
    let client = Client::builder(key, secret)
        .gateway(Gateway::Custom(url))
        .sign_method(settings.sign_method)
        .format(settings.format)
        .timeout(Duration::from_secs(10))
        .retry(retry)
        .build()
        .map_err(|e| e.to_string())?;
    let client = match session {
        Some(session) => client.with_session(session),
        None => client,
    };
    Ok((client, embedded))
}

/// Step 1: pay, and settle a pending payment by querying it.
async fn pay_order(client: &Client, request_id: &str) -> Result<(), String> {
    println!("\n1. pay order 111 (100 fen by Alipay face pay), request id {request_id}");
    let pay = PayRequest::builder()
        .operator_id("123")
        .request_id(request_id)
        .machine_id("001")
        .buyer_id(1)
        .pay_channel("alipay_facepay_v2")
        .source("hema")
        .pay_fee(100)
        .shop_id("1")
        .payment_channel(1006)
        .payer_id(3)
        .checkout_id("111")
        .merchant_code("HM")
        .order_id("111")
        .build();
    let request = AlibabaPosOrderPayRequest::builder()
        .shop_id(1)
        .pay_request(pay)
        .build();
    let answer = match client.alibaba_pos_order_pay(&request).await {
        Ok(answer) => answer,
        Err(error) => {
            // Whether it was paid is unknown: ask before anything else.
            println!("   the payment call failed: {error}");
            println!("   asking the gateway what became of {request_id}");
            return settle(client, request_id).await;
        }
    };
    println!("   TOP request id {}", shown(answer.request_id.as_deref()));
    let model = answer.result.and_then(|result| result.model);
    let status = model.as_ref().and_then(|model| model.result_status.clone());
    match status {
        Some(ResultStatus::Success) => {
            let fee = model.and_then(|model| model.current_pay_fee);
            println!(
                "   paid ({} fen)",
                fee.map_or("?".to_owned(), |f| f.to_string())
            );
            Ok(())
        }
        Some(ResultStatus::Failure) => Err(format!(
            "the payment was declined: {}",
            shown(model.and_then(|m| m.result_message).as_deref())
        )),
        Some(ResultStatus::Pending) => {
            println!("   pending: the channel has not decided yet");
            settle(client, request_id).await
        }
        other => Err(format!(
            "the gateway answered no known payment status ({other:?}): query {request_id} before paying again"
        )),
    }
}

/// Step 1b: query a payment until it is decided.
async fn settle(client: &Client, request_id: &str) -> Result<(), String> {
    for attempt in 1..=MAX_QUERIES {
        let query = AlibabaPosPayActionQueryRequest::builder()
            .shop_id(1)
            .payment_action_request(
                PaymentActionRequest::builder()
                    .request_id(request_id)
                    .buyer_id(1)
                    .build(),
            )
            .build();
        let answer = client
            .alibaba_pos_pay_action_query(&query)
            .await
            .map_err(|e| format!("cannot query payment {request_id}: {e}"))?;
        let status = answer
            .result
            .and_then(|result| result.model)
            .and_then(|model| model.action_status)
            .unwrap_or_default();
        println!("   query {attempt}: action status {}", shown(Some(&status)));
        match status.as_str() {
            "SUCCESS" => {
                println!("   paid");
                return Ok(());
            }
            "FAILED" => return Err(format!("payment {request_id} failed")),
            "NOT_FOUND" => {
                return Err(format!(
                    "payment {request_id} was never made: pay again with the same request id"
                ));
            }
            _ => tokio::time::sleep(Duration::from_millis(200 * u64::from(attempt))).await,
        }
    }
    Err(format!(
        "payment {request_id} is still undecided after {MAX_QUERIES} queries: query it again later"
    ))
}

/// Step 2: acknowledge the payer's account (acts for a user: needs the session).
async fn acknowledge_payer(client: &Client, has_session: bool) -> Result<(), String> {
    println!("\n2. acknowledge payer 110's Alipay account (with the user's session)");
    if !has_session {
        println!("   skipped: no --session given");
        return Ok(());
    }
    let request = AlibabaPosPayAccountAckRequest::builder()
        .store_id(110)
        .pay_account_detail_request(
            PayAccountDetailRequest::builder()
                .payer_id(110)
                .channel_account("110")
                .channel_name("alipay")
                .build(),
        )
        .build();
    let answer = client
        .alibaba_pos_pay_account_ack(&request)
        .await
        .map_err(|e| describe("acknowledging the account", &e))?;
    let result = answer.result.unwrap_or_default();
    println!(
        "   acknowledged: success {}, message code {}",
        shown(result.success.map(|s| s.to_string()).as_deref()),
        shown(result.msg_code.as_deref())
    );
    Ok(())
}

/// Step 3: report a bank-card sale made on the till's card terminal.
async fn report_bank_card_sale(client: &Client, order_id: &str) -> Result<(), String> {
    println!("\n3. report bank-card sale {order_id} (10.00 yuan)");
    let sale = PosBankSaleInfoDto::builder()
        .order_id(order_id)
        .sequence_no("1111111")
        .payment_channel(PaymentChannel::BankCard)
        .trade_time("2018-06-28 15:30:39")
        .sale_type(SaleType::Sale)
        .sub_sale_type(SubSaleType::Purchase)
        .trade_amount(1000)
        .pos_trace_no("1111111")
        .trade_ref_no("1111111")
        .pay_type_no(111111111)
        .store_no("HZ01")
        .operate_time("2018-06-28 15:30:39")
        .build();
    let request = AlibabaMosOcTradeSyncbanksaleRequest::builder()
        .pos_bank_sale_info_dto(sale)
        .build();
    let answer = client
        .alibaba_mos_oc_trade_syncbanksale(&request)
        .await
        .map_err(|e| describe("reporting the sale", &e))?;
    let result = answer.result.unwrap_or_default();
    println!(
        "   reported: success {}",
        shown(result.success.map(|s| s.to_string()).as_deref())
    );
    Ok(())
}

/// Step 4: pay a fitness order by the member's QR code (the page's example answer, which
/// the embedded gateway gives, is "pending").
async fn pay_fitness_order(client: &Client, request_id: &str) -> Result<(), String> {
    println!("\n4. pay fitness order 111111 (100.00 yuan by QR code), request id {request_id}");
    let request = AlibabaAlisportsLianbeiXposPayRequest::builder()
        .param0(
            QingchengPayReqDTO::builder()
                .nego_price("10000")
                .qr_code("231023")
                .request_id(request_id)
                .out_biz_id("111111")
                .cashier_name("张丽")
                .cashier_id("346753")
                .store_id("333333")
                .build(),
        )
        .build();
    let answer = client
        .alibaba_alisports_lianbei_xpos_pay(&request)
        .await
        .map_err(|e| describe("paying the fitness order", &e))?;
    let status = answer
        .result
        .and_then(|result| result.model)
        .and_then(|model| model.result_status);
    match status {
        Some(XposStatus::Success) => {
            println!("   paid");
            Ok(())
        }
        Some(XposStatus::Pending) => {
            // The API has no query: its idempotency key is how the till asks again later.
            println!(
                "   pending (状态未决): the member's channel has not decided; the till asks again \
                 later by sending the same request id, which cannot pay twice"
            );
            Ok(())
        }
        other => Err(format!("fitness payment {request_id} not paid ({other:?})")),
    }
}

/// A failed step, in words a cashier can act on.
fn describe(step: &str, error: &Error) -> String {
    format!("{step} failed: {error}")
}

fn shown(value: Option<&str>) -> &str {
    match value {
        Some("") | None => "(none)",
        Some(value) => value,
    }
}
