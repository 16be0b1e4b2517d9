//! Support for the generated typestate builders.

/// The state of a required builder field that has not been set yet.
///
/// A builder's `build` method exists only when none of its type parameters is `Unset`, so
/// a request missing a required field is a compile error, not a runtime one:
///
/// ```compile_fail
/// use taobao_top::apis::alibaba_pos::order_pay::AlibabaPosOrderPayRequest;
/// // `pay_request` is required and not set: `build` does not exist for this builder.
/// let request = AlibabaPosOrderPayRequest::builder().shop_id(1).build();
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unset;
