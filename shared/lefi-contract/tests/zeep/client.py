"""A real SOAP client (zeep) against LEFI Online's WSDL, for tests/ssek.rs.

    client.py request WSDL          prints the envelope zeep builds for a query
    client.py reply WSDL FILE       reads FILE as the answer to that request and prints
                                    what zeep makes of it (header and body), as JSON
    client.py fault WSDL FILE       reads FILE as a fault and prints code and string
"""
import json
import sys

from lxml import etree
from zeep import Client, Settings
from zeep.exceptions import Fault
from zeep.helpers import serialize_object


def client(wsdl):
    return Client(wsdl, settings=Settings(strict=True))


def request(wsdl):
    c = client(wsdl)
    header = {
        "SenderId": {"_value_1": "5560000001", "Type": "ORGNR"},
        "ReceiverId": "2021005521",
        "TxId": "b1c5a3e0-6b7a-4c1e-9d1f-0f4a2b7c9e11",
    }
    message = c.create_message(
        c.service,
        "HamtaFormansinformation",
        FrageId="q-1",
        AktorsId="9255f428-4ba0-63ce-5407-e65d469fac0f",
        Personnummer="197407029284",
        Period={"From": "2023-01-01", "Tom": "2023-12-31"},
        Formansinformation={"Kod": ["FK:SJP", "FK:FP"]},
        OvrigInformation={"Kod": ["FK:GEPI"]},
        _soapheaders={"SSEK": header},
    )
    sys.stdout.write(etree.tostring(message, xml_declaration=True, encoding="UTF-8").decode())


class Response:
    def __init__(self, content, status):
        self.content = content
        self.status_code = status
        self.headers = {"Content-Type": "text/xml; charset=utf-8"}
        self.encoding = "utf-8"


def reply(wsdl, path, status):
    c = client(wsdl)
    binding = c.service._binding
    operation = binding.get("HamtaFormansinformation")
    with open(path, "rb") as f:
        content = f.read()
    try:
        result = binding.process_reply(c, operation, Response(content, status))
    except Fault as fault:
        print(json.dumps({"fault": fault.code, "message": fault.message}, ensure_ascii=False))
        return
    print(json.dumps(serialize_object(result), default=str, ensure_ascii=False))


if __name__ == "__main__":
    mode, wsdl = sys.argv[1], sys.argv[2]
    if mode == "request":
        request(wsdl)
    elif mode == "reply":
        reply(wsdl, sys.argv[3], 200)
    elif mode == "fault":
        reply(wsdl, sys.argv[3], 500)
