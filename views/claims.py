"""Paper claims, checked: each quantitative statement of the paper against the exact solution."""

import streamlit as st

from dashboard import claims, layout
from dashboard.downloads import export_view

TITLE = "Paper claims, checked"
st.title(TITLE)
st.markdown(
    "Each quantitative statement of the paper, evaluated on the exact solution of its equations at the "
    "parameters the paper names. The verdict follows a stated rule: **holds** (true in every case "
    "checked), **holds under conditions** (true in some: the finding says which) or **does not hold**."
)
summary = st.empty()  # the count of verdicts, once every claim is checked
bar = st.progress(0.0, text="Checking the claims…")
results = []
for k, key in enumerate(claims.KEYS):  # each claim is shown as soon as it is checked
    bar.progress(k / len(claims.KEYS), text=f"Checking claim {k + 1} of {len(claims.KEYS)}…")
    res = claims.check(key)
    results.append(res)
    st.subheader(res["claim"])
    st.markdown(f"Verdict: **{res['verdict']}** · {res['source']}", help=f"Rule: {res['rule']}.")
    st.markdown(f"{res['finding']}")
    st.caption(f"Rule: {res['rule']}.")
    with st.expander("Cases"):
        layout.table(claims.cases_frame(res), {c: "not found" for c in claims.COLUMNS.values()})
    st.page_link(res["page"], label="Where the app shows it", icon=claims.ICONS[res["verdict"]],
                 query_params=res["query"])  # fmt: skip
bar.empty()
counts = {v: sum(r["verdict"] == v for r in results) for v in claims.VERDICTS}
summary.markdown(f"**{len(results)} claims:** " + ", ".join(f"{n} {v}" for v, n in counts.items() if n) + ".")
numbers = {"claims checked": len(results)} | {f"verdict {v}": n for v, n in counts.items() if n}
numbers |= {r["claim"].rstrip("."): r["verdict"] for r in results}
export_view(TITLE, [], {}, numbers, [r["finding"] for r in results])
