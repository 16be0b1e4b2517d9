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
    // An open set (`等`, "etc.", "such as", "e.g.") is not a closed one.
    let lower = description.to_lowercase();
    if ["etc.", "etc,", " etc", "such as", "e.g.", "for example"]
        .iter()
        .any(|open| lower.contains(open))
    {
        return None;
    }
    // Try each place the list could start: the start, or after a lead-in separator.
    let starts = std::iter::once(0).chain(
        description
            .char_indices()
            .filter(|(_, c)| LEAD_IN.contains(c))
            .map(|(i, c)| i + c.len_utf8()),
    );
    for start in starts {
        let text = description.get(start..).unwrap_or_default();
        if let Some(items) = items(text)
            .or_else(|| value_first(text))
            .or_else(|| parenthesized(text))
            .filter(|items| closed(items))
        {
            return Some(items);
        }
    }
    None
}

/// Characters a lead-in may end with (`状态结果码 `, `支付渠道。`, `可选值:`).
const LEAD_IN: [char; 9] = ['。', ',', '，', ' ', ':', '：', ';', '；', '、'];
/// Characters between items.
const BETWEEN: [char; 7] = [' ', ',', '，', '、', ';', '；', '。'];

/// Distinct values, labels with letters, the last not ending an open set (`刷卡等`).
fn closed(items: &[(String, String)]) -> bool {
    items.len() >= 2
        && items.iter().enumerate().all(|(i, (value, label))| {
            label.chars().any(char::is_alphabetic) && !items[..i].iter().any(|(v, _)| v == value)
        })
        && !items.last().is_some_and(|(_, label)| label.ends_with('等'))
}

/// A wire value: an integer (`-1`, `001`) or a code (`WAIT`, `cash`, `wechat_pay`): ASCII,
/// one case, not starting with a digit.
fn is_value(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && (text == text.to_ascii_lowercase() || text == text.to_ascii_uppercase())
}

fn is_integer(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

/// The seeds' style: `1-支付成功 2-支付失败`, `001:云闪付、002:银行卡`; single-word labels.
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
        items.push((value.to_owned(), label.to_owned()));
    }
    Some(items)
}

/// One item start: `<value><sep>` at `at`, as (value, separator, where the label starts).
fn item_start(text: &str, at: usize) -> Option<(&str, char, usize)> {
    let rest = text.get(at..)?;
    let end = rest
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_alphanumeric() || c == '_' || (i == 0 && c == '-')))
        .map_or(rest.len(), |(i, _)| i);
    let value = rest.get(..end)?;
    let sep = rest.get(end..)?.chars().next()?;
    if !is_value(value) || !matches!(sep, ':' | '：' | '=' | '-') {
        return None;
    }
    Some((value, sep, at + end + sep.len_utf8()))
}

/// Items `<value><sep><label>` where labels may hold spaces (`1: retail price; 2: wholesale
/// price`, `cash:现金 card:刷卡`, `1=普通会员,2=银卡会员`, `-1:已删除,0:停用`): a label runs to
/// the next item start; every item uses the same separator and one kind of value.
fn value_first(text: &str) -> Option<Vec<(String, String)>> {
    let (first, sep, _) = item_start(text, 0)?;
    let same_sep = |c: char| match sep {
        ':' | '：' => matches!(c, ':' | '：'),
        other => c == other,
    };
    let integers = is_integer(first);
    // Item starts: position 0 and every value+separator right after a separator between items.
    let mut starts = vec![(0, first.to_owned(), item_start(text, 0)?.2)];
    for (i, c) in text.char_indices() {
        if !BETWEEN.contains(&c) {
            continue;
        }
        let at = i + c.len_utf8();
        if let Some((value, found, label_at)) = item_start(text, at)
            && same_sep(found)
            && is_integer(value) == integers
        {
            starts.push((at, value.to_owned(), label_at));
        }
    }
    let mut items = Vec::with_capacity(starts.len());
    for (index, (_, value, label_at)) in starts.iter().enumerate() {
        let end = starts.get(index + 1).map_or(text.len(), |next| next.0);
        let label = text
            .get(*label_at..end)?
            .trim_matches(|c: char| c.is_whitespace() || BETWEEN.contains(&c) || c == '.');
        if label.is_empty() {
            return None;
        }
        items.push((value.clone(), label.to_owned()));
    }
    Some(items)
}

/// `WAIT(待处理),DONE(已完成)` (value first) or `待审核(1)、已通过(2)` (label first), half- or
/// full-width brackets, items separated by commas, `、`, `;` or spaces.
fn parenthesized(text: &str) -> Option<Vec<(String, String)>> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut rest = text.trim_end_matches(|c: char| BETWEEN.contains(&c) || c == '.');
    while !rest.is_empty() {
        let open = rest.find(['(', '（'])?;
        let outside = rest
            .get(..open)?
            .trim_matches(|c: char| BETWEEN.contains(&c));
        let after = rest.get(open..)?;
        let open_len = after.chars().next()?.len_utf8();
        let close = after.find([')', '）'])?;
        let inside = after.get(open_len..close)?.trim();
        let close_len = after.get(close..)?.chars().next()?.len_utf8();
        if outside.is_empty() || inside.is_empty() || outside.contains(BETWEEN) {
            return None;
        }
        pairs.push((outside.to_owned(), inside.to_owned()));
        rest = after
            .get(close + close_len..)?
            .trim_start_matches(|c: char| BETWEEN.contains(&c));
    }
    if pairs.iter().all(|(outside, _)| is_value(outside)) {
        Some(pairs)
    } else if pairs.iter().all(|(_, inside)| is_value(inside)) {
        Some(
            pairs
                .into_iter()
                .map(|(label, value)| (value, label))
                .collect(),
        )
    } else {
        None
    }
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
    fn finds_the_real_pages_styles() {
        assert_eq!(
            pairs("订单状态。可选值:WAIT(待处理),DONE(已完成)"),
            owned(&[("WAIT", "待处理"), ("DONE", "已完成")])
        );
        assert_eq!(
            pairs("支付方式 cash:现金 card:刷卡"),
            owned(&[("cash", "现金"), ("card", "刷卡")])
        );
        assert_eq!(
            pairs("渠道:APP:应用,WEB:网页"),
            owned(&[("APP", "应用"), ("WEB", "网页")])
        );
        assert_eq!(
            pairs("会员等级 1=普通会员,2=银卡会员"),
            owned(&[("1", "普通会员"), ("2", "银卡会员")])
        );
        assert_eq!(
            pairs("来源 1:门店;2:线上;3:电话"),
            owned(&[("1", "门店"), ("2", "线上"), ("3", "电话")])
        );
        assert_eq!(
            pairs("状态 -1:已删除,0:停用,1:启用"),
            owned(&[("-1", "已删除"), ("0", "停用"), ("1", "启用")])
        );
        assert_eq!(
            pairs("price type. 1: retail price; 2: wholesale price"),
            owned(&[("1", "retail price"), ("2", "wholesale price")])
        );
        assert_eq!(
            pairs("审核状态 待审核(1)、已通过(2)、已拒绝(3)"),
            owned(&[("1", "待审核"), ("2", "已通过"), ("3", "已拒绝")])
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
            "来源,如 app:手机、pc:电脑等",
            "item kind, such as food: snacks, drink: juice",
            "shop scene, one of shop: in the shop, web: online, etc.",
            "number of prices, e.g. 1: one price",
            "Note: this is long. Status: active",
            "买家备注,如好评、差评等",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }
}
