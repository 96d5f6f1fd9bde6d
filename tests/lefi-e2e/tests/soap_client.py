"""A real SOAP client (zeep) calling the running service over mutual TLS (tests/channels.rs).

    soap_client.py BASE_URL PKI_DIR CERT SENDER TX_ID RECEIVER PNR [CODE ...]

Loads the WSDL from BASE_URL/ssek/v1/lefi?wsdl with the client certificate, calls
HamtaFormansinformation with an ssek:SSEK header, and prints JSON: the reply's SSEK
header and body, or the fault's code and message.
"""
import json
import sys

import requests
from zeep import Client, Settings
from zeep.exceptions import Fault
from zeep.helpers import serialize_object
from zeep.transports import Transport

base, pki, cert, sender, tx_id, receiver, pnr, *codes = sys.argv[1:]
session = requests.Session()
# Otherwise REQUESTS_CA_BUNDLE and proxies from the environment override the session's
# own trust store for every request zeep makes.
session.trust_env = False
session.verify = f"{pki}/ca.pem"
session.cert = (f"{pki}/{cert}.pem", f"{pki}/{cert}-key.pem")
client = Client(f"{base}/ssek/v1/lefi?wsdl", transport=Transport(session=session), settings=Settings(strict=True))
header = {"SSEK": {"SenderId": {"_value_1": sender, "Type": "ORGNR"}, "ReceiverId": receiver, "TxId": tx_id}}
try:
    with client.settings(raw_response=False):
        result = client.service.HamtaFormansinformation(
            FrageId=None,
            Personnummer=pnr,
            Period={"From": "2025-01-01", "Tom": "2025-12-31"},
            Formansinformation={"Kod": codes},
            OvrigInformation={"Kod": ["FK:GEPI"]},
            _soapheaders=header,
        )
    print(json.dumps({"body": serialize_object(result)}, default=str, ensure_ascii=False))
except Fault as fault:
    print(json.dumps({"fault": fault.code, "message": fault.message}, ensure_ascii=False))
