//! The page's 错误码解释 table (issue 12, item 8) and the table ("|") rendering of pages:
//! imported into the spec, carried into the generated docs and code, and usable to explain an
//! `ApiError` by its `sub_code`.

use taobao_top::{DocumentedError, Error, Format, decode_response};
use taobao_top_codegen::spec::ErrorSpec;
use taobao_top_tests::pages::refund_apply::{self, PosRefundApplyRequest, PosRefundApplyResponse};
use taobao_top_tests::read;

const PAGE: &str = "tests/fixtures/pages/taobao.pos.refund.apply.txt";
const PIPE_PAGE: &str = "tests/fixtures/renderings/taobao.pos.refund.apply.pipe.txt";

fn row(code: &str, description: Option<&str>, solution: Option<&str>) -> ErrorSpec {
    ErrorSpec {
        code: code.to_owned(),
        description: description.map(str::to_owned),
        solution: solution.map(str::to_owned),
    }
}

#[test]
fn the_filled_error_table_is_kept_in_the_spec_and_reads_back() {
    let imported = taobao_top_codegen::import::import(&read(PAGE), None).unwrap();
    let spec = taobao_top_codegen::spec::parse("taobao.pos.refund.apply.yaml", &imported.yaml)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        spec.errors,
        [
            row("isv.invalid-parameter", Some("参数错误"), Some("检查参数")),
            row(
                "isv.refund-amount-exceeded",
                Some("退款金额超过可退金额"),
                Some("先查询可退金额再重试")
            ),
            row("isv.order-not-exist", Some("订单不存在"), None),
            row(
                "isp.top-remote-connection-timeout",
                Some("远程服务超时"),
                Some("使用同一退款幂等请求号重试")
            ),
            row(
                "isv.refund-closed",
                Some("Refund already closed"),
                Some("Open a new refund")
            ),
        ]
    );
    // Codes are quoted like examples; an empty solution is left out, not written as "".
    assert!(
        imported
            .yaml
            .contains("errors:\n  - code: \"isv.invalid-parameter\"\n    description: 参数错误\n    solution: 检查参数\n"),
        "{}",
        imported.yaml
    );
    assert!(
        imported
            .yaml
            .contains("  - code: \"isv.order-not-exist\"\n    description: 订单不存在\n  - code:")
    );
    // Importing again over the spec gives the same text.
    let again = taobao_top_codegen::import::import(&read(PAGE), Some(&imported.yaml)).unwrap();
    assert_eq!(again.yaml, imported.yaml);
}

#[test]
fn the_docs_list_the_table_as_text() {
    let imported = taobao_top_codegen::import::import(&read(PAGE), None).unwrap();
    let api = taobao_top_codegen::load("taobao.pos.refund.apply.yaml", &imported.yaml).unwrap();
    let code = taobao_top_codegen::emit::emit_api(&api).unwrap();
    for line in [
        "//! # Documented errors (错误码解释)",
        "//! - `isv.refund-amount-exceeded` ([`errors::ISV_REFUND_AMOUNT_EXCEEDED`]): 退款金额超过可退金额 — solution: 先查询可退金额再重试",
        "//! - `isv.order-not-exist` ([`errors::ISV_ORDER_NOT_EXIST`]): 订单不存在",
        "    pub const ISP_TOP_REMOTE_CONNECTION_TIMEOUT: &str = \"isp.top-remote-connection-timeout\";",
        "    pub const DOCUMENTED_ERRORS: &'static [__rt::DocumentedError] = &[",
    ] {
        assert!(
            code.lines().any(|l| l == line),
            "missing line {line:?} in\n{code}"
        );
    }
}

#[test]
fn an_api_error_is_explained_by_its_documented_sub_code() {
    let spec = taobao_top_codegen::spec::parse(
        "taobao.pos.refund.apply.yaml",
        &taobao_top_codegen::import::import(&read(PAGE), None)
            .unwrap()
            .yaml,
    )
    .unwrap();
    // The page's own error example, through the generated type.
    let error =
        match decode_response::<PosRefundApplyResponse>(Format::Xml, &spec.examples.error_xml) {
            Err(Error::Api(error)) => error,
            other => panic!("{other:?}"),
        };
    let documented = error
        .documented_in(PosRefundApplyRequest::DOCUMENTED_ERRORS)
        .expect("documented");
    assert_eq!(
        *documented,
        DocumentedError::new(
            "isv.refund-amount-exceeded",
            Some("退款金额超过可退金额"),
            Some("先查询可退金额再重试")
        )
    );
    // What a POS developer writes: match the sub_code on the generated constants.
    let what_to_do = match error.sub_code.as_deref() {
        Some(refund_apply::errors::ISV_REFUND_AMOUNT_EXCEEDED) => "query the refundable fee",
        Some(refund_apply::errors::ISP_TOP_REMOTE_CONNECTION_TIMEOUT) => "retry, same key",
        _ => "show the error",
    };
    assert_eq!(what_to_do, "query the refundable fee");
    assert_eq!(PosRefundApplyRequest::DOCUMENTED_ERRORS.len(), 5);

    // Undocumented sub-codes are not explained; codes are compared, never messages.
    let mut other = error.clone();
    other.sub_code = Some("isv.something-else".to_owned());
    other.sub_msg = Some("退款金额超过可退金额".to_owned());
    assert_eq!(
        other.documented_in(PosRefundApplyRequest::DOCUMENTED_ERRORS),
        None
    );
    // A numeric documented code matches `code` when no sub_code row does.
    let numeric = [DocumentedError::new("15", Some("远程服务错误"), None)];
    assert_eq!(other.documented_in(&numeric), numeric.first());
}

#[test]
fn the_pipe_rendering_imports_to_the_same_spec_as_the_plain_one() {
    let plain = taobao_top_codegen::import::import(&read(PAGE), None).unwrap();
    let pipe = taobao_top_codegen::import::import(&read(PIPE_PAGE), None)
        .unwrap_or_else(|e| panic!("{PIPE_PAGE}: {e}"));
    assert_eq!(pipe, plain);
}

#[test]
fn a_pipe_page_that_cannot_be_read_says_so_on_one_line_with_the_page_line() {
    let page = read(PIPE_PAGE).replace(
        "| └ order_id | String | 必须 | 111 | | 交易单Id |",
        "| └ order_id | String | 必须 | 111 | 交易单Id |",
    );
    let error = taobao_top_codegen::import::import(&page, None).unwrap_err();
    assert_eq!(
        error.to_string(),
        "line 16: this page is in the table (\"|\") rendering, and this row has 5 cells where the header has 6"
    );
    // An error found after the rewrite still names the line of the page as given.
    let page = read(PIPE_PAGE).replace(
        "| └ refund_fee | Number | 必须 |",
        "| └ refund_fee | Number | 也许 |",
    );
    let error = taobao_top_codegen::import::import(&page, None).unwrap_err();
    assert_eq!(
        error.to_string(),
        "line 17: row `refund_fee` says neither 必须 nor 可选"
    );
}
