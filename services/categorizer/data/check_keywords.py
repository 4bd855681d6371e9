#!/usr/bin/env python3
"""Stops with the list of clashes when keywords.txt names a merchant of the evaluation set
(a brand word, as generate_examples.py defines it): the lexicon must generalize, not recall."""

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import generate_examples as ex  # noqa: E402

# Dictionary words (a kind of business or payment in one of the seven languages) that the
# evaluation set also uses: its salary, rent, fee, tax and transfer lines are descriptions,
# not brands, and any lexicon of bank vocabulary shares their words. Each was checked by hand
# to name no company; proper names (RED CROSS, FINANZAMT, HMRC...) were taken out instead.
ALSO_GENERIC = set("""
ABONNEMENT AFFITTO AHORRO ALQUILER ASILO ASSICURAZIONE AUTOROUTES AUTOSTRADE BANCOMAT 
BARGELDAUSZAHLUNG BAUSPARKASSE BETAALPAKKET BOUWMARKT CABINET CARE CINE DARLEHEN DEKO 
DENTAIRE DENTISTICO DEPOSITO DERTIENDE DEUTSCHE DISCOUNT DIVIDENDE ECHEANCE EIGENES 
ELTERNBEITRAG ENTRADAS EPAYMENT ERFOLGSBETEILIGUNG ESTRATTO FRAIS FREELANCE GARDEN 
GELDOPNAME GRATIFICA GRUNDSTEUER HABENZINSEN HAUSRAT HEIZOEL HIPOTECA HONORAR HOSTEL 
HOTELES HUISARTSENPRAKTIJK HYPOTHEEK IMMO IMPOT INBOEDELVERZEKERING INFANTIL INTERNAL 
INTERNE JARDIN KAFFEE KONTOFUEHRUNG KONTOFUEHRUNGSGEBUEHR KRANKENKASSE 
KREDITKARTENABRECHNUNG LIBRO LIQUIDACION LIVRET MAAND MANTENIMIENTO MATRICULA MOTEL NIDO 
OSTERIA PARK PARKHAUS PASTICCERIA PIZZA PRAEMIE PREMIO PUBLIC REGALOS RELEVE RETIRADA 
RETURN RUECKERSTATTUNG SALON SEMESTERBEITRAG SPAARREKENING SPARPLAN SPECTACLES SPORTS 
STUDIENKREDIT STUDIESCHULD SUSCRIPCION TAGESGELDKONTO TEILE TIERARZTPRAXIS TRASPASO 
VOLKSHOCHSCHULE WARMTE WASSER WASSERBETRIEBE WIRELESS ZAHNARZTPRAXIS ZINSGUTSCHRIFT
""".split())


def main():
    eval_names = {m for _, (_, ms) in ex.formats.SET.items() for m, _ in ms}
    eval_words = {w: e for e in eval_names for w in ex.brand_words(e) if w not in ALSO_GENERIC}
    clashes = []
    path = os.path.join(os.path.dirname(__file__), "keywords.txt")
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or ":" not in line:
            continue
        for keyword in line.split(":", 1)[1].split(","):
            for word in ex.brand_words(keyword.strip()):
                if word in eval_words:
                    clashes.append(f"{keyword.strip()} ~ {eval_words[word]}")
    if clashes:
        sys.exit("keywords naming merchants of the evaluation set: " + "; ".join(clashes))
    print("keywords.txt names no merchant of the evaluation set")


if __name__ == "__main__":
    main()
