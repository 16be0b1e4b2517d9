//! Closed sets of values in descriptions: `状态结果码 1-支付成功 2-支付失败 3-支付未决`,
//! `支付渠道。001:云闪付、002:银行卡`, `销售类型。0:销售,1:退款退货`.
//!
//! The heuristic: after an optional lead-in (ending in `。`, `,`, `，`, `:` or a space), the
//! rest of the description is two or more `<digits><- or :><label>` items separated by
//! spaces, commas or `、`, with distinct values and labels that are not numbers. Anything
//! else (`正常、冻结、挂失等`, `单位:分`, `yyyy-MM-dd HH:mm:ss`, `默认为00`, one value named
//! in a sentence) is not an enum.

/// (value, label) pairs, in page order.
pub fn detect(description: &str) -> Option<Vec<(String, String)>> {
    // Try each place the list could start: the start, or after a lead-in separator.
    let starts = std::iter::once(0).chain(
        description
            .char_indices()
            .filter(|(_, c)| matches!(c, '。' | ',' | '，' | ' ' | ':' | '：'))
            .map(|(i, c)| i + c.len_utf8()),
    );
    for start in starts {
        if let Some(items) = items(&description[start..]) {
            return Some(items);
        }
    }
    None
}

fn items(text: &str) -> Option<Vec<(String, String)>> {
    let parts: Vec<&str> = text
        .split([' ', ',', '，', '、', ';', '；'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let mut items: Vec<(String, String)> = Vec::with_capacity(parts.len());
    for part in parts {
        let digits = part.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let (value, rest) = part.split_at(digits);
        let label = rest
            .strip_prefix('-')
            .or_else(|| rest.strip_prefix(':'))
            .or_else(|| rest.strip_prefix('：'))?
            .trim();
        if !label.chars().any(char::is_alphabetic) {
            return None;
        }
        if items.iter().any(|(v, _)| v == value) {
            return None;
        }
        items.push((value.to_owned(), label.to_owned()));
    }
    Some(items)
}

#[cfg(test)]
mod tests {
    use super::detect;

    fn pairs(text: &str) -> Option<Vec<(String, String)>> {
        detect(text)
    }

    fn owned(items: &[(&str, &str)]) -> Option<Vec<(String, String)>> {
        Some(
            items
                .iter()
                .map(|(v, l)| (v.to_string(), l.to_string()))
                .collect(),
        )
    }

    #[test]
    fn finds_the_seed_pages_enums() {
        assert_eq!(
            pairs("状态结果码 1-支付成功 2-支付失败 3-支付未决"),
            owned(&[("1", "支付成功"), ("2", "支付失败"), ("3", "支付未决")])
        );
        assert_eq!(
            pairs("支付状态,1:成功,2:失败,3:状态未决"),
            owned(&[("1", "成功"), ("2", "失败"), ("3", "状态未决")])
        );
        assert_eq!(
            pairs("支付渠道。001:云闪付、002:银行卡"),
            owned(&[("001", "云闪付"), ("002", "银行卡")])
        );
        assert_eq!(
            pairs("销售类型。0:销售,1:退款退货"),
            owned(&[("0", "销售"), ("1", "退款退货")])
        );
        assert_eq!(
            pairs("通讯类型。001:网线,002:电话"),
            owned(&[("001", "网线"), ("002", "电话")])
        );
    }

    #[test]
    fn leaves_other_descriptions_alone() {
        for text in [
            "卡的当前状态,正常、冻结、挂失等,展示给用户的",
            "交易金额。单位:分",
            "交易时间。yyyy-MM-dd HH:mm:ss",
            "冲正标志,供银行卡调账使用,表字段需要,不由接口传入,默认为00",
            "支付渠道,支付宝当面付传1006",
            "支付用户id,当支付宝账号未绑定淘宝账号时为3",
            "业务编码,多个用\",\"分割",
            "2018-06-28 15:30:39",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }
}
