from __future__ import annotations

import datetime as dt

import factory

from sotay.documents.models import Audience, DocType, Document


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    doc_type = DocType.REGULATION
    number = factory.Sequence(lambda n: 500 + n)
    type_code = "QĐ"
    issuer_code = "TW"
    reference = factory.LazyAttribute(lambda o: f"{o.number}-{o.type_code}/{o.issuer_code}")
    reference_key = factory.LazyAttribute(lambda o: f"{o.number}-qd/tw")
    issuer = "Bộ Chính trị"
    issued_on = dt.date(2024, 5, 22)
    title = factory.Sequence(lambda n: f"Văn bản thử số {n}")
    audience = Audience.PROVINCE
    organization = None
