"""Who and what an article mentions: a curated Sahel gazetteer and mention extraction with offsets."""
