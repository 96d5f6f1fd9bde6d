"""An SHS partner's system, from Python's standard library alone (issue 18): it builds the
message with `email` and the label with `xml.etree`, posts it over mutual TLS with
`http.client`, and reads the answer with `email` again — so the wire format is checked
by code nobody here wrote, not by the service's own reader and writer.

Input (stdin, JSON): {"url", "ca", "cert", "key", "method" (POST|GET), "message": {
  "tx_id", "corr_id", "transfer_type", "sequence_type", "originator", "to", "product",
  "parts": [xml text], "batch": bool (the parts as one Massfraga, one data part),
  "headers_in_body": bool, "omit": [attribute or element names]}}.
Without "message", a GET (or "method") of the delivery service.
Output (stdout, JSON): status, the X-shs-* headers, content type, and the reply message
read back (label attributes and addresses, data parts), the mailbox's list (each
message's attributes), or the body as text.
"""

import email
import email.policy
import http.client
import json
import re
import ssl
import sys
import urllib.parse
import xml.etree.ElementTree as ET
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText


NAMESPACE = "urn:se:forsakringskassan:lefi-online:1"


def data_parts(m):
    """The message's data parts: each query its own, or (batch) all in one Massfraga."""
    if m.get("batch"):
        queries = "".join(re.sub(r"^<\?xml[^>]*\?>", "", p) for p in m["parts"])
        return [f'<?xml version="1.0" encoding="UTF-8"?><Massfraga xmlns="{NAMESPACE}">{queries}</Massfraga>']
    return m["parts"]


def label_xml(m):
    omit = set(m.get("omit", []))
    attrs = {
        "version": "1.2",
        "tx.id": m["tx_id"],
        "corr.id": m.get("corr_id", m["tx_id"]),
        "transfer-type": m.get("transfer_type", "synch"),
        "sequence-type": m.get("sequence_type", "request"),
        "status": "test",
    }
    root = ET.Element("shs.label", {k: v for k, v in attrs.items() if k not in omit})
    if "originator" not in omit:
        ET.SubElement(root, "originator", {"value": m["originator"]})
    ET.SubElement(root, "to").text = m["to"]
    if "product" not in omit:
        ET.SubElement(root, "product").text = m["product"]
    ET.SubElement(root, "datetime").text = "2026-12-07T10:00:00"
    content = ET.SubElement(root, "content", {"content.id": "innehall-1"})
    for i, part in enumerate(data_parts(m)):
        ET.SubElement(content, "data", {"datapartType": "xml", "filename": f"fraga-{i + 1}.xml",
                                        "no-of-bytes": str(len(part.encode()))})
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def build(m):
    msg = MIMEMultipart("mixed")
    msg.attach(MIMEText(label_xml(m), "xml", "utf-8"))
    for i, part in enumerate(data_parts(m)):
        data = MIMEApplication(part.encode(), "xml")
        data.add_header("Content-Disposition", "attachment", filename=f"fraga-{i + 1}.xml")
        msg.attach(data)
    raw = msg.as_bytes(policy=email.policy.HTTP)
    if m.get("headers_in_body", True):
        return "message/rfc822", raw
    head, _, body = raw.partition(b"\r\n\r\n")
    content_type = [line.split(b":", 1)[1].strip() for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-type:")][0].decode()
    return content_type, body


def read_reply(raw):
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    parts = list(msg.iter_parts())
    label = ET.fromstring(parts[0].get_content().encode() if isinstance(parts[0].get_content(), str)
                          else parts[0].get_content())
    out_label = dict(label.attrib)
    for name in ("from", "to", "product"):
        el = label.find(name)
        out_label[name] = el.text if el is not None else None
    data = []
    for p in parts[1:]:
        content = p.get_content()
        data.append({"content_type": p.get_content_type(), "filename": p.get_filename(),
                     "body": content if isinstance(content, str) else content.decode()})
    return {"label": out_label, "parts": data}


def main():
    spec = json.load(sys.stdin)
    ctx = ssl.create_default_context(cafile=spec["ca"])
    ctx.load_cert_chain(spec["cert"], spec["key"])
    url = urllib.parse.urlsplit(spec["url"])
    conn = http.client.HTTPSConnection(url.hostname, url.port, context=ctx, timeout=60)
    path = url.path + (f"?{url.query}" if url.query else "")
    if spec.get("method", "POST") == "POST" and "message" in spec:
        content_type, body = build(spec["message"])
        conn.request("POST", path, body=body, headers={"Content-Type": content_type})
    else:
        conn.request(spec.get("method", "GET"), path)
    resp = conn.getresponse()
    raw = resp.read()
    out = {"status": resp.status,
           "headers": {k.lower(): v for k, v in resp.getheaders() if k.lower().startswith("x-shs-")},
           "content_type": resp.getheader("content-type")}
    content_type = resp.getheader("content-type") or ""
    if content_type.startswith("message/rfc822"):
        out["reply"] = read_reply(raw)
    elif content_type.startswith("application/xml") and b"shs.message-list" in raw:
        out["list"] = [dict(m.attrib) for m in ET.fromstring(raw).findall("message")]
    else:
        out["text"] = raw.decode(errors="replace")
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
