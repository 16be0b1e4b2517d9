//! `synth --count N --out DIR`: N synthetic but valid specs from one template, for measuring
//! the generator and the generated crate at catalogue scale (issue 13).
//!
//! Every spec has the shape of a real POS API: a request with scalars (Number, String with
//! `max_length`, Boolean, Date, Price), an optional String enum, a required object holding a
//! list of objects, a `String []` list and an idempotency key; a response with nested
//! objects, a list of objects and a Number enum; an error table; and documented examples
//! (Java sample, XML answer and the JSON derived from it, error XML and JSON) whose values are
//! the fields' examples, so the loader's checks hold as they do for `spec/`.
//!
//! Methods are `synth.gNN.apiNNNN.do`: the API number counts from 1, and every
//! [`APIS_PER_GROUP`] consecutive APIs share a group `synth.gNN` (one module folder and one
//! cargo feature, `synth-gNN`), as TOP's catalogue has about 20 APIs per group. Output is
//! deterministic: same count, same bytes.

use std::fs;
use std::path::Path;

use taobao_top_codegen::names;

/// APIs per group: about what TOP's catalogue averages.
pub const APIS_PER_GROUP: usize = 20;

/// The one template. `@METHOD@`, `@STEM@` (the Java class stem), `@ROOT@` (the response root),
/// `@NUM@` (the API number, 4 digits), `@SHOP@`, `@SKU@`, `@SESSION@` and `@EXECUTE@` (the
/// Java call, with a session key when the API needs one) are filled in per API.
const TEMPLATE: &str = r#"# Synthetic spec written by `cargo xtask synth` (measurements, issue 13). Format: spec/README.md.
method: @METHOD@
title: 合成接口 @NUM@
description: 合成的门店订单提交接口 @NUM@, 用于测量生成器和生成代码的规模
category: 合成api
needs_session: @SESSION@
idempotency_key: order.order_id
request:
  - name: shop_id
    type: Number
    required: true
    example: "@SHOP@"
    description: 门店Id
    constraints:
      min: 1
  - name: title
    type: String
    required: true
    example: "synth order @NUM@"
    description: 订单标题
    constraints:
      max_length: 64
  - name: enabled
    type: Boolean
    required: false
    example: "true"
    description: 是否生效
  - name: start_time
    type: Date
    required: false
    example: "2018-06-28 15:30:39"
    description: 生效时间
  - name: amount
    type: Price
    required: false
    example: "12.50"
    description: 订单金额,单位元
  - name: channel
    type: String
    required: false
    example: "card"
    description: 支付方式 cash:现金 card:刷卡
    enum:
      values:
        - value: "cash"
          variant: Cash
          label: 现金
        - value: "card"
          variant: Card
          label: 刷卡
  - name: order
    type: OrderInfo
    required: true
    description: 订单
    fields:
      - name: order_id
        type: String
        required: true
        example: "ORD@NUM@"
        description: 订单号,幂等请求号
        constraints:
          max_length: 32
      - name: buyer_id
        type: Number
        required: false
        example: "7"
        description: 买家Id
      - name: lines
        type: OrderLine []
        required: false
        description: 订单行
        constraints:
          max_list_length: 50
        fields:
          - name: sku_id
            type: Number
            required: true
            example: "@SKU@"
            description: SKU Id
          - name: quantity
            type: Number
            required: true
            example: "2"
            description: 数量
          - name: remark
            type: String
            required: false
            example: "gift"
            description: 备注
  - name: tags
    type: String []
    required: false
    example: "new,vip"
    description: 标签
    constraints:
      max_list_length: 20
response:
  root: @ROOT@
  fields:
    - name: result
      type: SynthResult
      description: 返回结果
      fields:
        - name: model
          type: OrderSummary
          description: 订单摘要
          fields:
            - name: order_id
              type: String
              example: "ORD@NUM@"
              description: 订单号
            - name: total_fee
              type: Price
              example: "25.00"
              description: 订单总额
            - name: status
              type: Number
              example: "1"
              description: 状态 1-成功 2-失败 3-未决
              enum:
                values:
                  - value: "1"
                    variant: Success
                    label: 成功
                  - value: "2"
                    variant: Failure
                    label: 失败
                  - value: "3"
                    variant: Pending
                    label: 未决
            - name: created
              type: Date
              example: "2018-06-28 15:30:40"
              description: 创建时间
            - name: buyer
              type: BuyerInfo
              description: 买家
              fields:
                - name: buyer_id
                  type: Number
                  example: "7"
                  description: 买家Id
                - name: nick
                  type: String
                  example: "buyer"
                  description: 昵称
        - name: lines
          type: LineResult []
          description: 订单行结果
          fields:
            - name: sku_id
              type: Number
              example: "@SKU@"
              description: SKU Id
            - name: quantity
              type: Number
              example: "2"
              description: 数量
            - name: success
              type: Boolean
              example: "true"
              description: 是否成功
        - name: msg_code
          type: String
          example: "SUCCESS"
          description: 返回码
        - name: success
          type: Boolean
          example: "true"
          description: 是否成功
examples:
  request_java: |
    TaobaoClient client = new DefaultTaobaoClient(url, appkey, secret);
    @STEM@Request req = new @STEM@Request();
    req.setShopId(@SHOP@L);
    req.setTitle("synth order @NUM@");
    req.setEnabled(true);
    req.setStartTime(StringUtils.parseDateTime("2018-06-28 15:30:39"));
    req.setAmount("12.50");
    req.setChannel("card");
    @STEM@Request.OrderInfo obj1 = new @STEM@Request.OrderInfo();
    obj1.setOrderId("ORD@NUM@");
    obj1.setBuyerId(7L);
    List<@STEM@Request.OrderLine> list3 = new ArrayList<@STEM@Request.OrderLine>();
    @STEM@Request.OrderLine obj4 = new @STEM@Request.OrderLine();
    list3.add(obj4);
    obj4.setSkuId(@SKU@L);
    obj4.setQuantity(2L);
    obj4.setRemark("gift");
    obj1.setLines(list3);
    req.setOrder(obj1);
    req.setTags("new,vip");
    @STEM@Response rsp = client.@EXECUTE@;
    System.out.println(rsp.getBody());
  response_xml: |
    <@ROOT@>
        <result>
            <model>
                <order_id>ORD@NUM@</order_id>
                <total_fee>25.00</total_fee>
                <status>1</status>
                <created>2018-06-28 15:30:40</created>
                <buyer>
                    <buyer_id>7</buyer_id>
                    <nick>buyer</nick>
                </buyer>
            </model>
            <lines>
                <line_result>
                    <sku_id>@SKU@</sku_id>
                    <quantity>2</quantity>
                    <success>true</success>
                </line_result>
            </lines>
            <msg_code>SUCCESS</msg_code>
            <success>true</success>
        </result>
    </@ROOT@>
  response_json:
    derived_from: response_xml
    text: |
      {
        "@ROOT@": {
          "result": {
            "model": {
              "order_id": "ORD@NUM@",
              "total_fee": "25.00",
              "status": 1,
              "created": "2018-06-28 15:30:40",
              "buyer": {
                "buyer_id": 7,
                "nick": "buyer"
              }
            },
            "lines": {
              "line_result": [
                {
                  "sku_id": @SKU@,
                  "quantity": 2,
                  "success": true
                }
              ]
            },
            "msg_code": "SUCCESS",
            "success": true
          }
        }
      }
  error_xml: |
    <error_response>
        <code>15</code>
        <msg>Remote service error</msg>
        <sub_code>isv.invalid-parameter</sub_code>
        <sub_msg>非法参数</sub_msg>
    </error_response>
  error_json:
    derived_from: error_xml
    text: |
      {
        "error_response": {
          "code": 15,
          "msg": "Remote service error",
          "sub_code": "isv.invalid-parameter",
          "sub_msg": "非法参数"
        }
      }
errors:
  - code: "isv.invalid-parameter"
    description: 参数错误
    solution: 检查参数
  - code: "isv.order-not-found"
    description: 订单不存在
    solution: 检查订单号
"#;

/// The method of the `index`-th synthetic API (0-based): `synth.g00.api0001.do`.
pub fn method(index: usize) -> String {
    format!(
        "synth.g{:02}.api{:04}.do",
        index / APIS_PER_GROUP,
        index + 1
    )
}

/// The `index`-th synthetic spec (0-based).
pub fn spec(index: usize) -> String {
    let method = method(index);
    let number = format!("{:04}", index + 1);
    // A third of the APIs need a session (the 2nd, 5th, ...): on TOP some do, some do not.
    let needs_session = index % 3 == 1;
    let execute = if needs_session {
        "execute(req, sessionKey)"
    } else {
        "execute(req)"
    };
    TEMPLATE
        .replace("@METHOD@", &method)
        .replace("@STEM@", &names::method_type_stem(&method))
        .replace("@ROOT@", &names::expected_response_root(&method))
        .replace("@NUM@", &number)
        .replace("@SHOP@", &(1000 + index).to_string())
        .replace("@SKU@", &(80000 + index).to_string())
        .replace("@SESSION@", if needs_session { "true" } else { "false" })
        .replace("@EXECUTE@", execute)
}

/// `count` synthetic specs as repo-relative `(spec/<method>.yaml, text)` pairs, as
/// `regenerate` reads `spec/`, sorted by path.
pub fn specs(count: usize) -> Vec<(String, String)> {
    let mut specs: Vec<(String, String)> = (0..count)
        .map(|index| (format!("spec/{}.yaml", method(index)), spec(index)))
        .collect();
    specs.sort();
    specs
}

/// `synth --count N --out DIR`.
pub fn run(args: &[&str]) -> Result<(), String> {
    let usage = "usage: cargo xtask synth --count N --out DIR";
    let mut count = None;
    let mut out = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--count" => {
                let value = rest.next().ok_or(usage)?;
                count = Some(
                    value
                        .parse::<usize>()
                        .map_err(|_| format!("--count {value}: not a number\n{usage}"))?,
                );
            }
            "--out" => out = Some(*rest.next().ok_or(usage)?),
            other => return Err(format!("unknown argument `{other}`\n{usage}")),
        }
    }
    let (Some(count), Some(out)) = (count, out) else {
        return Err(usage.to_owned());
    };
    let dir = Path::new(out);
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for index in 0..count {
        let path = dir.join(format!("{}.yaml", method(index)));
        fs::write(&path, spec(index))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    println!(
        "wrote {count} synthetic specs in {} groups to {}",
        count.div_ceil(APIS_PER_GROUP),
        dir.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_synthetic_specs_generate_and_are_deterministic() {
        let specs = specs(30);
        assert_eq!(specs.len(), 30);
        assert_eq!(specs, super::specs(30), "synth is deterministic");
        let generated = taobao_top_codegen::generate_crate(&specs).unwrap_or_else(|errors| {
            let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
            panic!("synthetic specs rejected:\n{}", lines.join("\n"))
        });
        let again = taobao_top_codegen::generate_crate(&specs).expect("generated once");
        assert_eq!(generated, again, "generation is deterministic");
        // 30 APIs: groups g00 (20 APIs) and g01 (10); one module per API, one mod.rs per
        // group, apis/mod.rs and the mock gateway's table.
        assert_eq!(generated.files.len(), 30 + 2 + 1 + 1);
        assert!(
            generated
                .files
                .iter()
                .any(|f| f.path.ends_with("/synth_g01/api0030_do.rs"))
        );
        let features = &generated.manifest.contents;
        assert!(features.contains("synth-g00") && features.contains("synth-g01"));
        assert!(!features.contains("synth-g02"));
    }

    #[test]
    fn methods_fall_into_groups_of_twenty() {
        assert_eq!(method(0), "synth.g00.api0001.do");
        assert_eq!(method(19), "synth.g00.api0020.do");
        assert_eq!(method(20), "synth.g01.api0021.do");
        assert_eq!(method(999), "synth.g49.api1000.do");
    }
}
