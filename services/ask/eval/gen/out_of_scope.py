from questions import add

T = "none"
for id, lang, text in [
    ("none-invest-en-1", "en", "should I buy Tesla stock?"),
    ("none-invest-en-2", "en", "which ETF gives the best return"),
    ("none-weather-en-1", "en", "what's the weather in Berlin tomorrow"),
    ("none-general-en-1", "en", "who won the world cup in 2014?"),
    ("none-math-en-1", "en", "what is 17 times 23"),
    ("none-write-en-1", "en", "move all my Amazon purchases to Electronics"),
    ("none-write-en-2", "en", "delete my last transaction"),
    ("none-general-en-2", "en", "what's the capital of australia"),
    ("none-crypto-en-1", "en", "is bitcoin going to go up next year"),
    ("none-rate-en-1", "en", "what will the ECB interest rate be in march"),
    ("none-invest-de-1", "de", "Soll ich in Gold investieren?"),
    ("none-weather-de-1", "de", "wie wird das wetter am wochenende"),
    ("none-write-de-1", "de", "Lege ein Budget von 300 € für Restaurants an"),
    ("none-math-de-1", "de", "was ist die wurzel aus 144"),
    ("none-invest-fr-1", "fr", "quelle action acheter en ce moment ?"),
    ("none-general-fr-1", "fr", "qui a écrit les misérables"),
    ("none-write-fr-1", "fr", "supprime mon abonnement Netflix"),
    ("none-math-fr-1", "fr", "combien font 45 divisé par 9"),
    ("none-invest-es-1", "es", "¿debería invertir en bitcoin?"),
    ("none-weather-es-1", "es", "¿qué tiempo hará mañana en Madrid?"),
    ("none-write-es-1", "es", "cambia la categoría de mis compras en Lidl a restaurantes"),
    ("none-invest-it-1", "it", "conviene comprare azioni Apple adesso?"),
    ("none-general-it-1", "it", "chi ha dipinto la Gioconda"),
    ("none-write-it-1", "it", "trasferisci 500 euro sul conto risparmio"),
    ("none-math-it-1", "it", "quanto fa 12 per 12"),
]:
    add(id, lang, T, text, "none")
add("none-followup-en-1", "en", T, "and what about next week's weather?", "none", after="none-weather-en-1")
